// Cases through the API against a real worker on the time-skipping server: open,
// list, detail, commands, payments reaching the case, timeline, history, replay.
import { decodeArrayFromPayloads, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import request from 'supertest';
import { caseModel, caseRecordOf, caseViewModel } from '../../src/db/cases';
import type { CaseView } from '../../src/domain';
import { DAY_MS, DEFAULT_STRATEGY, type Loan } from '../../src/domain';
import { overdueLoan } from '../support/loans';
import { testDataConverter } from '../support/temporal';
import { noonZone, rolesOtherThan } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();


const contact = { name: '李秀英', phone: '+8613912345678', address: '上海市浦东新区世纪大道100号' };

async function bookedLoan(loanId: string, daysPastDue: number): Promise<Loan> {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact }).expect(201);
  return loan;
}

async function openedCase(loanId: string, daysPastDue = 12) {
  await bookedLoan(loanId, daysPastDue);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId });
  expect(opened.status).toBe(201);
  return opened.body.case.caseId as string;
}

/** The read model catches up after the case's records activity runs. */
async function inReadModel(caseId: string, predicate: (record: Record<string, unknown>) => boolean = () => true) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const record = await caseModel(suite.db.connection).findOne({ caseId }).lean();
    if (record && predicate(record as unknown as Record<string, unknown>)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${caseId} never reached the read model`);
}

test('opening a case: 201, then idempotent 200; 404 for an unknown loan, 422 for a loan not overdue', async () => {
  await bookedLoan('open-1', 12);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'open-1' });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ outcome: 'opened', case: { caseId: 'case-open-1', loanId: 'open-1', daysPastDue: 12, bucket: 'M1' } });
  expect(opened.body.case.strategy).toMatchObject({ id: DEFAULT_STRATEGY.id, version: DEFAULT_STRATEGY.version });

  const again = await suite.api.as('admin').post('/v1/cases').send({ loanId: 'open-1' });
  expect(again.status).toBe(200);
  expect(again.body.outcome).toBe('already-open');

  expect((await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'no-such-loan' })).body.error.code).toBe('LOAN_NOT_FOUND');
  await bookedLoan('current-1', 0);
  const current = await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'current-1' });
  expect(current.status).toBe(422);
  expect(current.body.error.code).toBe('LOAN_NOT_OVERDUE');
});

test('the case never receives the debtor\'s contact details', async () => {
  const caseId = await openedCase('pii-1');
  const history = await suite.env.client.workflow.getHandle(caseId).fetchHistory();
  const started = history.events?.[0].workflowExecutionStartedEventAttributes;
  const [input] = await decodeArrayFromPayloads(loadDataConverter(testDataConverter), started?.input?.payloads);
  const text = JSON.stringify(input);
  expect(text).toContain('pii-1');
  for (const value of Object.values(contact)) expect(text).not.toContain(value);
  expect(text).not.toContain('contact');
});

test('list with filters and cursor pagination, and detail live with its read-model row', async () => {
  const [a, b] = [await openedCase('list-a', 40), await openedCase('list-b', 45)];
  await Promise.all([inReadModel(a), inReadModel(b)]);

  const inM2 = await suite.api.as('agent').get('/v1/cases').query({ bucket: 'M2', dpdMin: 35, dpdMax: 50, status: 'open', strategyVersion: `default@${DEFAULT_STRATEGY.version}` });
  expect(inM2.status).toBe(200);
  expect(inM2.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([a, b]);

  const first = await suite.api.as('auditor').get('/v1/cases').query({ bucket: 'M2', limit: 1 });
  expect(first.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([a]);
  const second = await suite.api.as('auditor').get('/v1/cases').query({ bucket: 'M2', limit: 1, cursor: first.body.nextCursor });
  expect(second.body).toMatchObject({ cases: [{ caseId: b }], nextCursor: null });
  expect((await suite.api.as('supervisor').get('/v1/cases').query({ paused: 'true', bucket: 'M2' })).body.cases).toEqual([]);

  const bad = await suite.api.as('supervisor').get('/v1/cases').query({ stage: 'sleeping', dpdMin: 9, dpdMax: 3, colour: 'x', cursor: 'nonsense' });
  expect(bad.status).toBe(422);
  expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['query.stage', 'query.colour']));
  const badCursor = await suite.api.as('supervisor').get('/v1/cases').query({ cursor: 'nonsense' });
  expect(badCursor.body.error.details).toEqual([{ path: 'query.cursor', message: expect.any(String) }]);

  const detail = await suite.api.as('agent').get(`/v1/cases/${a}`);
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({ source: 'live', case: { caseId: a, daysPastDue: 40 }, readModel: { caseId: a, bucket: 'M2' } });
  expect((await suite.api.as('agent').get('/v1/cases/case-nobody')).body.error.code).toBe('CASE_NOT_FOUND');

  // A case whose workflow is gone (its history archived) is served from the read model's last view.
  const archived = { ...detail.body.case, caseId: 'case-archived-1', loanId: 'archived-1' } as CaseView;
  await caseModel(suite.db.connection).create(caseRecordOf(archived, new Date()));
  await caseViewModel(suite.db.connection).create({ _id: archived.caseId, eventCount: archived.eventCount, view: archived, updatedAt: new Date() });
  const fromReadModel = await suite.api.as('agent').get('/v1/cases/case-archived-1');
  expect(fromReadModel.body).toMatchObject({ source: 'read-model', case: { caseId: 'case-archived-1', daysPastDue: 40 }, readModel: { bucket: 'M2' } });
});

test('commands return the new view; a command the case refuses is 409 with its reason; unknown cases 404', async () => {
  const caseId = await openedCase('cmd-1');
  const command = (name: string, body: object) => suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/${name}`).send(body);

  const paused = await command('pause', { reason: 'hardship call' }).set('X-Request-Id', 'pause-cmd-1');
  expect(paused.status).toBe(200);
  expect(paused.body.paused).toMatchObject({ reason: 'hardship call', actor: 'supervisor-1' });
  // Sent again under the same request id (a retry after a lost answer, to this API process or another): applied once, answered as the first time.
  const retried = await command('pause', { reason: 'hardship call' }).set('X-Request-Id', 'pause-cmd-1');
  expect(retried.status).toBe(200);
  expect(retried.body.paused).toEqual(paused.body.paused);
  expect(retried.body.eventCount).toBe(paused.body.eventCount);

  const again = await command('pause', { reason: 'again' });
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'CASE_COMMAND_REJECTED', reason: 'ALREADY_PAUSED', message: expect.stringContaining('already paused') });

  expect((await command('resume', {})).body.paused).toBeNull();
  const promised = await command('promise-to-pay', { amount: 50_000, date: new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10) });
  expect(promised.body.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', amount: 50_000 })]);

  const invalid = await command('promise-to-pay', { amount: 'lots', date: 'soon', note: 1 });
  expect(invalid.status).toBe(422);
  expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.amount', 'body.date', 'body.note']);

  const next = DEFAULT_STRATEGY.version + 1;
  await suite.api.as('supervisor').post('/v1/strategies').send({ ...DEFAULT_STRATEGY, version: next }).expect(201);
  const moved = await command('move-strategy', { strategyId: 'default', version: next, reason: 'new ladder' });
  expect(moved.body.strategy).toMatchObject({ id: 'default', version: next });
  expect((await command('move-strategy', { strategyId: 'default', version: 9 })).body.error.code).toBe('STRATEGY_NOT_FOUND');

  expect((await suite.api.as('supervisor').post('/v1/cases/case-nobody/commands/pause').send({ reason: 'x' })).status).toBe(404);
  expect((await suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/explode`).send({})).body.error.code).toBe('NOT_FOUND');

  const closed = await command('close', { reason: 'settled offline' });
  expect(closed.body).toMatchObject({ status: 'closed', closure: { outcome: 'closed', actor: 'supervisor-1' } });
  const afterClose = await command('escalate', { reason: 'too late' });
  expect(afterClose.status).toBe(409);
  expect(afterClose.body.error).toMatchObject({ code: 'CASE_COMMAND_REJECTED', reason: 'CASE_CLOSED' });
  await suite.env.client.workflow.getHandle(caseId).result();
  const afterEnd = await command('escalate', { reason: 'much too late' });
  expect(afterEnd.status).toBe(409);
  expect(afterEnd.body.error.code).toBe('CASE_CLOSED');
});

test('a payment reaches the open case; the timeline, history and replay of the finished case', async () => {
  const caseId = await openedCase('audit-1');
  const paid = await suite.api.as('supervisor').post('/v1/loans/audit-1/payments').send({ amount: 40_000, date: new Date().toISOString().slice(0, 10), reference: 'audit-pay-1' });
  expect(paid.body.caseNotified).toBe(true);
  await suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/close`).send({ reason: 'audit test' }).expect(200);
  await suite.env.client.workflow.getHandle(caseId).result();
  await inReadModel(caseId, (record) => record.status === 'closed');

  const timeline = await suite.api.as('auditor').get(`/v1/cases/${caseId}/timeline`);
  expect(timeline.status).toBe(200);
  const types = timeline.body.events.map((event: { type: string }) => event.type);
  expect(types).toEqual(expect.arrayContaining(['opened', 'payment', 'command', 'closed']));
  expect(timeline.body.events.find((event: { type: string }) => event.type === 'payment')).toMatchObject({ actor: 'audit-pay-1' });
  const page = await suite.api.as('auditor').get(`/v1/cases/${caseId}/timeline`).query({ limit: 2 });
  const rest = await suite.api.as('auditor').get(`/v1/cases/${caseId}/timeline`).query({ limit: 1000, cursor: page.body.nextCursor });
  expect([...page.body.events, ...rest.body.events]).toEqual(timeline.body.events);

  const history = await suite.api.as('auditor').get(`/v1/cases/${caseId}/history`);
  expect(history.status).toBe(200);
  expect(history.body.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  expect(JSON.stringify(history.body)).not.toContain(contact.phone);

  const replay = await suite.api.as('auditor').post(`/v1/cases/${caseId}/replay`);
  expect(replay.status).toBe(200);
  expect(replay.body).toEqual({ caseId, match: true });
  expect((await suite.api.as('auditor').get('/v1/cases/case-nobody/timeline')).status).toBe(404);
});

test('roles: lists for supervisors, agents and auditors; commands for supervisors; audit for auditors and supervisors', async () => {
  const caseId = 'case-open-1';
  expect((await request(suite.api.app).get('/v1/cases')).status).toBe(401);
  expect((await request(suite.api.app).post(`/v1/cases/${caseId}/commands/pause`).send({ reason: 'x' })).status).toBe(401);
  for (const role of rolesOtherThan('supervisor')) {
    expect((await suite.api.as(role).post(`/v1/cases/${caseId}/commands/pause`).send({ reason: 'x' })).status).toBe(403);
    expect((await suite.api.as(role).post('/v1/cases').send({ loanId: 'open-1' })).status).toBe(403);
  }
  for (const role of rolesOtherThan('auditor', 'supervisor')) {
    expect((await suite.api.as(role).get(`/v1/cases/${caseId}/timeline`)).status).toBe(403);
    expect((await suite.api.as(role).get(`/v1/cases/${caseId}/history`)).status).toBe(403);
    expect((await suite.api.as(role).post(`/v1/cases/${caseId}/replay`)).status).toBe(403);
  }
});
