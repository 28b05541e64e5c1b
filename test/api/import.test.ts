// Bulk import: a file with good and bad rows, then the same file again.
import { Readable } from 'node:stream';
import { loanBook } from '../../src/db/loans';
import { importLoans } from '../../src/api/import/import-loans';
import { sourceRows } from '../../src/api/import/source-rows';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { rolesOtherThan, testApi, unconnectedClient, type TestApi } from './support';

let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await testApi(unconnectedClient(), db.connection);
});

afterAll(async () => {
  await db?.drop();
});

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
  api.as(role).post('/v1/loans/import').set('Content-Type', 'text/csv').send(body);

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

  const stored = await api.as('supervisor').get('/v1/loans/csv-1');
  expect(stored.body.contact).toEqual({ name: '张三', phone: '+8613812345678' });
  expect(stored.body.loan.installments).toHaveLength(3);
  expect(stored.body.loan.lastPaymentDate).toBe('2025-01-14');
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
  const first = await api.as('supervisor').post('/v1/loans/import').set('Content-Type', 'application/x-ndjson').send(body);
  expect(first.body).toMatchObject({ rows: 4, accepted: 2, created: 2, rejected: 2 });
  expect(first.body.rejections[0]).toEqual({ row: 3, reason: 'the line is not a JSON object' });
  expect(first.body.rejections[1]).toMatchObject({ row: 5, reason: expect.stringContaining('extra: unknown field') });

  const changed = [line('nd-1', 90000), line('nd-2', 100000)].join('\n');
  const second = await api.as('supervisor').post('/v1/loans/import').set('Content-Type', 'application/x-ndjson').send(changed);
  expect(second.body).toMatchObject({ accepted: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
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
  expect((await api.as('supervisor').get('/v1/loans/h-1')).status).toBe(404);

  const json = await api.as('supervisor').post('/v1/loans/import').send([{ loan: {} }]);
  expect(json.status).toBe(415);
  for (const role of rolesOtherThan('supervisor')) expect((await postCsv(csv).set('Authorization', `Bearer ${api.tokens[role]}`)).status).toBe(403);
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
  const report = await importLoans(sourceRows(Readable.from(lines()), 'csv'), loanBook(db.connection));
  expect(report).toMatchObject({ rows, accepted: rows / 2, created: rows / 2, rejected: rows / 2, rejectionsTruncated: true });
  expect(report.rejections).toHaveLength(1000);
  expect(report.rejections[999].row).toBe(2001);
});
