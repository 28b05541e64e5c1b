// What a recorded reason does, through the API with the real activities, work
// queue and FerretDB: a death withdraws the case's open call from the agents'
// queue (an agent opening it reads why) and opens an estate task that only
// supervisors see; fraud opens a task in the fraud-review queue; resolve-review
// is refused without a review to resolve, and closes the case as fraud when confirmed.
import type { ActionRequest, ActionResult } from '../../src/domain';
import { noonZone } from '../support/api';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();

/** Opens a case at DPD 10, whose DPD-7 step queues a call; answers with the case id and the call's task id. */
async function caseWithCall(loanId: string): Promise<{ caseId: string; callId: string }> {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 10, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: { name: '王芳', phone: '+8613912345670' } }).expect(201);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId });
  expect(opened.status).toBe(201);
  const call = await suite.observed.finish<ActionRequest>('performAction', ({ input, output }) => input.loanId === loanId && input.channel === 'phone' && (output as ActionResult).status === 'sent');
  return { caseId: opened.body.case.caseId, callId: call.input.idempotencyKey };
}

const reviewTask = (loanId: string) =>
  suite.observed.finish<ActionRequest>('performAction', ({ input, output }) => input.loanId === loanId && input.channel === 'review' && (output as ActionResult).status === 'sent');

test("a death withdraws the open call from the agents' queue and opens an estate task for supervisors", async () => {
  const { caseId, callId } = await caseWithCall('effects-deceased');
  const recorded = await suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/record-reason`).send({ code: 'deceased', note: 'the family called' });
  expect(recorded.status).toBe(200);
  expect(recorded.body.holds).toEqual([expect.objectContaining({ kind: 'deceased', actor: 'supervisor-1' })]);
  const estate = await reviewTask('effects-deceased');
  await suite.observed.finish('withdrawTasks');

  const call = (await suite.api.as('supervisor').get(`/v1/tasks/${callId}`)).body;
  expect(call).toMatchObject({ status: 'withdrawn', withdrawal: { rule: 'deceased-hold', reason: expect.stringContaining('the debtor is reported deceased') } });
  const claimed = await suite.api.as('agent').post(`/v1/tasks/${callId}/claim`).send({});
  expect(claimed.body.error.code).toBe('TASK_WITHDRAWN');

  const queue = (await suite.api.as('supervisor').get('/v1/tasks').query({ queue: 'estate' })).body.tasks;
  expect(queue).toEqual([expect.objectContaining({ taskId: estate.input.idempotencyKey, caseId, kind: 'review', channel: 'review', step: 'reason-deceased', template: 'estate' })]);
  expect((await suite.api.as('agent').get('/v1/tasks').query({ queue: 'estate' })).body.tasks).toEqual([]);
});

test('fraud opens a fraud-review task; resolve-review is 409 without a review and closes the case as fraud when confirmed', async () => {
  const { caseId } = await caseWithCall('effects-fraud');
  const command = (name: string, body: object) => suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/${name}`).send(body);
  const early = await command('resolve-review', { kind: 'fraud-review', outcome: 'confirmed' });
  expect(early.status).toBe(409);
  expect(early.body.error).toMatchObject({ code: 'CASE_COMMAND_REJECTED', reason: 'NOT_UNDER_REVIEW', message: 'case has no open fraud-review hold to resolve' });
  expect((await command('resolve-review', { kind: 'hardship', outcome: 'confirmed' })).body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.kind']);

  await command('record-reason', { code: 'fraud' }).expect(200);
  await reviewTask('effects-fraud');
  const queue = (await suite.api.as('supervisor').get('/v1/tasks').query({ queue: 'fraud-review' })).body.tasks;
  expect(queue.map((task: { caseId: string; step: string }) => [task.caseId, task.step])).toEqual([[caseId, 'reason-fraud']]);

  const closed = await command('resolve-review', { kind: 'fraud-review', outcome: 'confirmed', reason: 'police report filed' });
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ status: 'closed', closure: { outcome: 'fraud', reason: 'fraud-review review resolved (confirmed): police report filed', actor: 'supervisor-1' } });
});
