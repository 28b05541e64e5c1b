// Bulk import: a file with good and bad rows, then the same file again; and,
// against a real worker on the time-skipping server, a file that changes loans
// with open cases, which hear each change once.
import { Readable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import type { CaseProgress } from '../../src/activities/case-records';
import { sendLoanChanges } from '../../src/cases/loan-changes';
import { loanBook } from '../../src/db/loans';
import { importLoans } from '../../src/cases/import/import-loans';
import { sourceRows } from '../../src/cases/import/source-rows';
import type { Loan } from '../../src/domain';
import { caseIdFor } from '../../src/domain';
import type { CaseEvent } from '../../src/domain';
import { oneLadder, openTestCase } from '../support/cases';
import { overdueLoan } from '../support/loans';
import { testDataConverter } from '../support/temporal';
import { rolesOtherThan, testApi, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();


const header = 'loanId,currency,principal,outstanding,product,debtorRef,timeZone,country,locale,installments,lastPaymentDate,contactName,contactPhone';
const schedule = '1:2025-01-15:100000:100000;2:2025-02-15:100000:0;3:2025-03-15:100000:0';
const csv = [
  header,
  `csv-1,CNY,300000,200000,loan,d-1,Asia/Shanghai,CN,zh-CN,${schedule},2025-01-14,张三,+8613812345678`,
  `csv-2,CNY,300000,200000,loan,d-2,Asia/Shanghai,CN,zh-CN,${schedule},,,`,
  `csv-3,cny,300000,200000,loan,d-3,Asia/Shanghai,CN,zh-CN,${schedule},,,`, // bad currency
  `csv-4,CNY,300000,200000,loan,d-4,Mars/Olympus,CN,zh-CN,1:2025-01-15:100000,,,`, // bad zone and schedule
  `csv-5,CNY,300000,200000,loan,d-5,Asia/Shanghai,CN,zh-CN`, // too few columns
  `"csv 6",CNY,300000,200000,loan,d-6,Asia/Shanghai,CN,zh-CN,${schedule},,,`, // bad id
  `csv-8,CNY,abc,200000,loan,d-8,Asia/Shanghai,CN,zh-CN,${schedule},,,`, // bad principal
  `csv-7,USD,500000,500000,credit-card,d-7,America/New_York,US,en,1:2025-03-01:500000:0,,,`,
].join('\n');

const postCsv = (body: string, role: 'supervisor' | 'admin' = 'supervisor') =>
  suite.api.as(role).post('/v1/loans/import').set('Content-Type', 'text/csv').send(body);

test('a CSV with good and bad rows imports the good ones and says why each bad one was rejected; again, nothing changes', async () => {
  const first = await postCsv(csv);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ rows: 8, accepted: 3, created: 3, updated: 0, unchanged: 0, rejected: 5, rejectionsTruncated: false });
  const byRow = Object.fromEntries(first.body.rejections.map((r: { row: number; reason: string }) => [r.row, r]));
  expect(byRow[4]).toMatchObject({ loanId: 'csv-3', reason: expect.stringContaining('loan.currency') });
  expect(byRow[5].reason).toEqual(expect.stringContaining('loan.debtor.timeZone'));
  expect(byRow[5].reason).toEqual(expect.stringContaining('loan.installments.0'));
  expect(byRow[6].reason).toMatch(/record length|column/i);
  expect(byRow[7]).toMatchObject({ loanId: 'csv 6', reason: expect.stringContaining('loan.loanId') });
  expect(byRow[8].reason).toEqual(expect.stringContaining('loan.principal'));

  const again = await postCsv(csv, 'admin');
  expect(again.body).toMatchObject({ rows: 8, accepted: 3, created: 0, updated: 0, unchanged: 3, rejected: 5 });

  // The API masks the contact (a supervisor reveals it on the case, on the record); the loan book holds it whole.
  const stored = await suite.api.as('supervisor').get('/v1/loans/csv-1');
  expect(stored.body.contact).toEqual({ name: '张*', phone: '+*********5678' });
  expect((await loanBook(suite.db.connection).get('csv-1'))?.contact).toMatchObject({ name: '张三', phone: '+8613812345678' });
  expect(stored.body.loan.installments).toHaveLength(3);
  expect(stored.body.loan.lastPaymentDate).toBe('2025-01-14');
});

test('a CSV may carry the day each loan was last restructured; an impossible day is rejected by name', async () => {
  const restructured = [
    'loanId,currency,principal,outstanding,product,debtorRef,timeZone,country,locale,installments,restructuredOn',
    `csv-r1,CNY,300000,200000,loan,d-r1,Asia/Shanghai,CN,zh-CN,${schedule},2025-02-01`,
    `csv-r2,CNY,300000,200000,loan,d-r2,Asia/Shanghai,CN,zh-CN,${schedule},`,
    `csv-r3,CNY,300000,200000,loan,d-r3,Asia/Shanghai,CN,zh-CN,${schedule},2025-02-30`,
  ].join('\n');
  const imported = await postCsv(restructured);
  expect(imported.body).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
  expect(imported.body.rejections).toEqual([expect.objectContaining({ loanId: 'csv-r3', reason: expect.stringContaining('loan.restructuredOn') })]);
  expect((await suite.api.as('supervisor').get('/v1/loans/csv-r1')).body.loan.restructuredOn).toBe('2025-02-01');
  expect((await suite.api.as('supervisor').get('/v1/loans/csv-r2')).body.loan).not.toHaveProperty('restructuredOn');
});

test('a CSV may carry where the debtor is reached online: e-mail (and whether it is a work address), app user id, messaging id', async () => {
  const online = [
    'loanId,currency,principal,outstanding,product,debtorRef,timeZone,country,locale,installments,contactName,contactEmail,contactEmailIsWork,contactAppUserId,contactImId',
    `csv-o1,CNY,300000,200000,loan,d-o1,Asia/Shanghai,CN,zh-CN,${schedule},张三,zhang.san@example.cn,false,app-77,oWx-77`,
    `csv-o2,CNY,300000,200000,loan,d-o2,Asia/Shanghai,CN,zh-CN,${schedule},李四,li.si@work.example,yes,,`,
  ].join('\n');
  const imported = await postCsv(online);
  expect(imported.body).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
  expect(imported.body.rejections).toEqual([expect.objectContaining({ loanId: 'csv-o2', reason: expect.stringContaining('contact.emailIsWork') })]);
  expect((await loanBook(suite.db.connection).get('csv-o1'))?.contact).toEqual({
    name: '张三',
    email: 'zhang.san@example.cn',
    emailIsWork: false,
    appUserId: 'app-77',
    imId: 'oWx-77',
  });
});

test('NDJSON lines are PUT bodies; a changed line counts as updated, a broken one is rejected by line number', async () => {
  const line = (loanId: string, outstanding: number) =>
    JSON.stringify({
      loan: {
        loanId,
        currency: 'CNY',
        principal: 300000,
        outstanding,
        installments: [{ seq: 1, dueDate: '2025-01-15', amountDue: 100000, amountPaid: 0 }],
        debtor: { debtorRef: `d-${loanId}`, timeZone: 'Asia/Shanghai', country: 'CN', locale: 'zh-CN' },
        product: 'loan',
      },
    });
  const body = [line('nd-1', 100000), '', '{"loan": ', line('nd-2', 100000), JSON.stringify({ loan: {}, extra: true })].join('\n');
  const first = await suite.api.as('supervisor').post('/v1/loans/import').set('Content-Type', 'application/x-ndjson').send(body);
  expect(first.body).toMatchObject({ rows: 4, accepted: 2, created: 2, rejected: 2 });
  expect(first.body.rejections[0]).toEqual({ row: 3, reason: 'the line is not a JSON object' });
  expect(first.body.rejections[1]).toMatchObject({ row: 5, reason: expect.stringContaining('extra: unknown field') });

  const changed = [line('nd-1', 90000), line('nd-2', 100000)].join('\n');
  const second = await suite.api.as('supervisor').post('/v1/loans/import').set('Content-Type', 'application/x-ndjson').send(changed);
  expect(second.body).toMatchObject({ accepted: 2, created: 0, updated: 1, unchanged: 1, casesNotified: 0, rejected: 0 });
});

test('a row with an unclosed quote is rejected, not fatal', async () => {
  const response = await postCsv([header, `q-1,CNY,300000,200000,loan,d,Asia/Shanghai,CN,zh-CN,${schedule},,,`, '"q-2,CNY,3'].join('\n'));
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
  expect(response.body.rejections[0]).toMatchObject({ row: 3, reason: expect.stringMatching(/quote/i) });
});

test('a bad header is 422 before any row is written; another content type is 415; only supervisors import', async () => {
  const badHeader = await postCsv('loanId,currency,colour\nh-1,CNY,red');
  expect(badHeader.status).toBe(422);
  expect(badHeader.body.error.code).toBe('IMPORT_HEADER_INVALID');
  expect(badHeader.body.error.message).toMatch(/missing columns principal.*unknown columns colour/);
  expect((await suite.api.as('supervisor').get('/v1/loans/h-1')).status).toBe(404);

  const json = await suite.api.as('supervisor').post('/v1/loans/import').send([{ loan: {} }]);
  expect(json.status).toBe(415);
  for (const role of rolesOtherThan('supervisor')) expect((await postCsv(csv).set('Authorization', `Bearer ${suite.api.tokens[role]}`)).status).toBe(403);
});

test('a large file streams through in batches, and the listed rejections are capped while all are counted', async () => {
  const rows = 2400;
  function* lines() {
    yield `${header}\n`;
    for (let i = 0; i < rows; i++) {
      const currency = i % 2 === 0 ? 'CNY' : 'bad';
      yield `big-${i},${currency},300000,200000,loan,d,Asia/Shanghai,CN,zh-CN,${schedule},,,\n`;
    }
  }
  const loans = loanBook(suite.db.connection);
  const report = await importLoans(sourceRows(Readable.from(lines()), 'csv'), loans, (changes) => sendLoanChanges(suite.env.client, loans, changes));
  expect(report).toMatchObject({ rows, accepted: rows / 2, created: rows / 2, rejected: rows / 2, rejectionsTruncated: true });
  expect(report.rejections).toHaveLength(1000);
  expect(report.rejections[999].row).toBe(2001);
});

describe('loans with open cases', () => {
  /** A strategy with nothing to do before DPD 170: the case only listens. */
  const listening = oneLadder('listening', [{ id: 'dpd170-letter', atDpd: 170, actions: [{ channel: 'letter', template: 'final-demand-letter' }] }]);
  const ndjson = (...loans: Loan[]) => loans.map((loan) => JSON.stringify({ loan })).join('\n');
  const importNdjson = (client: TestApi, body: string) =>
    client.as('supervisor').post('/v1/loans/import').set('Content-Type', 'application/x-ndjson').send(body);

  /** Imports the loan, opens its case and waits for the case to have published its first view. */
  async function caseFor(loanId: string) {
    const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 10 });
    expect((await importNdjson(suite.api, ndjson(loan))).body).toMatchObject({ created: 1, casesNotified: 0 });
    await openTestCase(suite.env, loan, { strategy: listening });
    await published(loanId, () => true);
    return { loan, caseId: caseIdFor(loanId) };
  }

  const published = (loanId: string, until: (progress: CaseProgress) => boolean) =>
    suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && until(input));
  const loanUpdates = (events: CaseEvent[]) => events.filter((event) => event.type === 'loan-updated');

  test('a file that changes the loan of an open case reaches the case: balance and DPD follow; the same file again tells it nothing', async () => {
    const { caseId } = await caseFor('imp-case-1');
    // The loan system now reports an older unpaid installment and a lower balance.
    const changed = overdueLoan({ loanId: 'imp-case-1', nowMs: Date.now(), daysPastDue: 40, outstanding: 250_000 });

    const first = await importNdjson(suite.api, ndjson(changed));
    expect(first.body).toMatchObject({ accepted: 1, updated: 1, casesNotified: 1 });
    await published('imp-case-1', ({ view }) => view.balance === 250_000);
    const view = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.case;
    expect(view).toMatchObject({ balance: 250_000, daysPastDue: 40, bucket: 'M2' });
    expect(loanUpdates(view.recentEvents)).toEqual([expect.objectContaining({ actor: 'loan-system', data: { outstanding: 250_000 } })]);

    const again = await importNdjson(suite.api, ndjson(changed));
    expect(again.body).toMatchObject({ accepted: 1, updated: 0, unchanged: 1, casesNotified: 0 });

    // The case takes signals in order: once it has the next change, it would have seen one from the identical file.
    expect((await importNdjson(suite.api, ndjson({ ...changed, outstanding: 240_000 }))).body).toMatchObject({ updated: 1, casesNotified: 1 });
    const latest = await published('imp-case-1', ({ view }) => view.balance === 240_000);
    expect(loanUpdates(latest.input.view.recentEvents).map((event) => event.data?.outstanding)).toEqual([250_000, 240_000]);
  });

  test('an import the workflow service cut off (503) keeps what it wrote; the same file again tells the case, then nothing more', async () => {
    const { caseId } = await caseFor('imp-case-2');
    const changed = ndjson(overdueLoan({ loanId: 'imp-case-2', nowMs: Date.now(), daysPastDue: 10, outstanding: 200_000 }));

    const gone = await Connection.connect({ address: suite.env.address });
    await gone.close();
    const cutOff = await testApi(new Client({ connection: gone, dataConverter: testDataConverter }), suite.db.connection);
    const failed = await importNdjson(cutOff, changed);
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect((await suite.api.as('supervisor').get('/v1/loans/imp-case-2')).body.loan.outstanding).toBe(200_000);
    expect((await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.case.balance).toBe(300_000);

    const retried = await importNdjson(suite.api, changed);
    expect(retried.body).toMatchObject({ updated: 0, unchanged: 1, casesNotified: 1 });
    await published('imp-case-2', ({ view }) => view.balance === 200_000);
    expect((await importNdjson(suite.api, changed)).body).toMatchObject({ unchanged: 1, casesNotified: 0 });

    // PUT /v1/loans/{loanId} keeps the same promise.
    const put = (client: TestApi, outstanding: number) =>
      client.as('supervisor').put('/v1/loans/imp-case-2').send({ loan: overdueLoan({ loanId: 'imp-case-2', nowMs: Date.now(), daysPastDue: 10, outstanding }) });
    expect((await put(cutOff, 190_000)).status).toBe(503);
    expect((await put(suite.api, 190_000)).body).toMatchObject({ outcome: 'unchanged', caseNotified: true });
    expect((await put(suite.api, 190_000)).body).toMatchObject({ outcome: 'unchanged', caseNotified: false });
    const latest = await published('imp-case-2', ({ view }) => view.balance === 190_000);
    expect(loanUpdates(latest.input.view.recentEvents).map((event) => event.data?.outstanding)).toEqual([200_000, 190_000]);
  });
});
