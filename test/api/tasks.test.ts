// Agents' work queues through the API, against a real worker on the time-skipping
// server: a case queues a call and a legal review; an agent lists the queue,
// claims the call (the compliance guard allows it) and reports it; the case hears
// the report. The guard's limits on claims are in daily-call-limit.test.ts.
import request from 'supertest';
import type { CaseProgress } from '../../src/activities/case-records';
import { workQueue, type NewTask } from '../../src/db/tasks';
import { DAY_MS } from '../../src/domain';
import { caseIdFor } from '../../src/domain';
import { oneLadder, openTestCase } from '../support/cases';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';
import { noonZone, rolesOtherThan, tokenFor } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();


const callAndReview = oneLadder('call-and-review', [
  {
    id: 'dpd1-call',
    atDpd: 1,
    actions: [{ channel: 'phone', template: 'collection-call', parameters: { queue: 'api-calls' } }, { channel: 'legal-review' }],
  },
]);

/** Books the loan through the API, opens its case on the ladder and waits until both tasks are queued. */
async function caseWithTasks(loanId: string) {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  await openTestCase(suite.env, loan, { strategy: callAndReview });
  await suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && input.view.stepOutcomes['dpd1-call'] !== undefined);
  const caseId = caseIdFor(loanId);
  return { caseId, callId: `${caseId}:1`, reviewId: `${caseId}:2` };
}

const report = (taskId: string, body: object, role: 'agent' | 'supervisor' = 'agent') => suite.api.as(role).post(`/v1/tasks/${taskId}/outcome`).send(body);
const claim = (taskId: string, role: 'agent' | 'supervisor' = 'agent') => suite.api.as(role).post(`/v1/tasks/${taskId}/claim`);

test('an agent lists the queue, claims the call and gets the debtor details, reports a promise the case holds; the same report again is 200, another 409', async () => {
  const { caseId, callId } = await caseWithTasks('task-call-1');

  const listed = await suite.api.as('agent').get('/v1/tasks').query({ queue: 'api-calls' });
  expect(listed.status).toBe(200);
  expect(listed.body).toMatchObject({ queue: 'api-calls', nextCursor: null });
  expect(Math.abs(Date.parse(listed.body.asOf) - Date.now())).toBeLessThan(60_000);
  expect(listed.body.tasks).toEqual([
    expect.objectContaining({ taskId: callId, caseId, loanId: 'task-call-1', step: 'dpd1-call', channel: 'phone', kind: 'contact', status: 'open', debtorTimeZone: noonZone() }),
  ]);
  // A list names the debtor by reference only.
  expect(JSON.stringify(listed.body)).not.toContain(TEST_CONTACT.phone);

  // Before the guard allowed the call, nobody is handed whom to call.
  const unclaimed = await suite.api.as('agent').get(`/v1/tasks/${callId}`);
  expect(unclaimed.status).toBe(200);
  expect(unclaimed.body).toMatchObject({ taskId: callId, status: 'open', debtor: null, script: null });
  expect(unclaimed.body.claim).toBeUndefined();

  const claimed = await claim(callId);
  expect(claimed.status).toBe(200);
  expect(claimed.body).toMatchObject({
    task: { taskId: callId, status: 'open', claim: { agent: 'agent-1' } },
    debtor: { name: TEST_CONTACT.name, phone: TEST_CONTACT.phone },
    compliance: { profile: 'CN_NIFA', reason: expect.stringContaining('nifa-quiet-22-08') },
  });
  expect(claimed.body.debtor.address).toBeUndefined();
  // Claimed, the call leaves the queue; claiming it again is safe.
  expect((await suite.api.as('agent').get('/v1/tasks').query({ queue: 'api-calls' })).body.tasks).toEqual([]);
  expect((await claim(callId)).body).toMatchObject({ task: { claim: { agent: 'agent-1' } } });

  const opened = await suite.api.as('agent').get(`/v1/tasks/${callId}`);
  expect(opened.status).toBe(200);
  expect(opened.body).toMatchObject({ taskId: callId, status: 'open', debtor: { name: TEST_CONTACT.name, phone: TEST_CONTACT.phone } });
  expect(opened.body.debtor.address).toBeUndefined();
  // The script of the step's template, in the debtor's language, naming the debtor and what is past due today.
  expect(opened.body.script).toMatchObject({ template: 'collection-call', locale: 'zh-CN' });
  const script = opened.body.script.paragraphs.join('\n');
  expect(script).toContain(`${TEST_CONTACT.name}本人`);
  expect(script).toContain('已逾期3天');
  expect(script).toContain('¥1,000.00');
  // Another agent opening it gets no details and no script: the guard's leave was the claimer's.
  expect((await suite.api.as('supervisor').get(`/v1/tasks/${callId}`)).body).toMatchObject({ taskId: callId, debtor: null, script: null });

  const promise = { amount: 50_000, date: isoDate(Date.now() + 10 * DAY_MS) };
  const reported = await report(callId, { outcome: 'promise-to-pay', promise });
  expect(reported.status).toBe(200);
  expect(reported.body).toMatchObject({ caseNotified: true, duplicate: false, task: { taskId: callId, status: 'done', outcome: 'promise-to-pay', agent: 'agent-1', promise } });
  await suite.observed.finish<{ taskId: string }>('recordTaskOutcome', ({ input }) => input.taskId === callId);
  const view = await suite.api.as('agent').get(`/v1/cases/${caseId}`);
  expect(view.body.case.stepOutcomes['dpd1-call']).toBe('promise-to-pay');
  expect(view.body.case.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', actor: 'agent-1', amount: 50_000 })]);

  const again = await report(callId, { outcome: 'promise-to-pay', promise });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ duplicate: true, task: { outcome: 'promise-to-pay', agent: 'agent-1' } });

  const other = await report(callId, { outcome: 'refused' }, 'supervisor');
  expect(other.status).toBe(409);
  expect(other.body.error).toMatchObject({ code: 'TASK_ALREADY_REPORTED', message: expect.stringContaining('promise-to-pay') });
  const otherPromise = await report(callId, { outcome: 'promise-to-pay', promise: { ...promise, amount: 1 } });
  expect(otherPromise.body.error.code).toBe('TASK_ALREADY_REPORTED');

  // Worked, the task leaves the queue, and its debtor details are no longer handed out.
  expect((await suite.api.as('agent').get('/v1/tasks').query({ queue: 'api-calls' })).body.tasks.map((t: { taskId: string }) => t.taskId)).not.toContain(callId);
  expect((await suite.api.as('agent').get(`/v1/tasks/${callId}`)).body).toMatchObject({ status: 'done', debtor: null });
});

test('a dispute puts the case on the dispute hold with the agent as actor; the reason for the arrears stays with the task and reaches the case; a promise for a day gone by is refused', async () => {
  const { caseId, callId } = await caseWithTasks('task-dispute-1');
  expect((await claim(callId)).status).toBe(200);

  const past = await report(callId, { outcome: 'promise-to-pay', promise: { amount: 10_000, date: isoDate(Date.now() - 2 * DAY_MS) } });
  expect(past.status).toBe(400);
  expect(past.body.error).toMatchObject({ code: 'INVALID_TASK_OUTCOME', message: expect.stringContaining('promise.date') });

  const arrearsReason = { code: 'income-drop', note: 'laid off in October' };
  const disputed = await report(callId, { outcome: 'dispute', dispute: { reason: 'says installment 1 was paid at the branch' }, arrearsReason });
  expect(disputed.status).toBe(200);
  expect(disputed.body).toMatchObject({
    caseNotified: true,
    duplicate: false,
    task: { status: 'done', outcome: 'dispute', dispute: { reason: 'says installment 1 was paid at the branch' }, arrearsReason },
  });
  const view = (await suite.api.as('agent').get(`/v1/cases/${caseId}`)).body.case;
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'dispute', actor: 'agent-1', reason: `says installment 1 was paid at the branch (task ${callId})` })]);
  expect(view.stepOutcomes['dpd1-call']).toBe('contacted');
  // The reason reaches the case as its latest overdue reason, with the agent and the task.
  expect(view.overdueReason).toMatchObject({ ...arrearsReason, actor: 'agent-1', source: 'agent', taskId: callId });
  expect((await suite.api.as('agent').get(`/v1/tasks/${callId}`)).body).toMatchObject({ outcome: 'dispute', arrearsReason });

  // The same report again is safe: the case is under dispute already, and stays so once.
  const again = await report(callId, { outcome: 'dispute', dispute: { reason: 'says installment 1 was paid at the branch' }, arrearsReason });
  expect(again.body).toMatchObject({ duplicate: true });
  expect((await suite.api.as('agent').get(`/v1/cases/${caseId}`)).body.case.holds.filter((hold: { kind: string }) => hold.kind === 'dispute')).toHaveLength(1);
  // Another reason for the arrears is another report.
  expect((await report(callId, { outcome: 'dispute', dispute: { reason: 'says installment 1 was paid at the branch' }, arrearsReason: { code: 'illness' } })).status).toBe(409);
});

test('review tasks: supervisors list and open them, agents do not; no call outcome can be reported on one', async () => {
  const { reviewId } = await caseWithTasks('task-review-1');

  // The first test's case queued a review too.
  const reviews = async (role: 'supervisor' | 'admin') => (await suite.api.as(role).get('/v1/tasks').query({ queue: 'legal-review' })).body.tasks;
  expect(await reviews('supervisor')).toEqual(
    expect.arrayContaining([expect.objectContaining({ taskId: reviewId, channel: 'legal-review', kind: 'review', status: 'open' })]),
  );
  expect(await reviews('admin')).toEqual(await reviews('supervisor'));
  expect((await suite.api.as('agent').get('/v1/tasks').query({ queue: 'legal-review' })).body).toEqual({ queue: 'legal-review', asOf: expect.any(String), tasks: [], nextCursor: null });

  expect((await suite.api.as('supervisor').get(`/v1/tasks/${reviewId}`)).body).toMatchObject({ taskId: reviewId, debtor: null });
  const agentOpens = await suite.api.as('agent').get(`/v1/tasks/${reviewId}`);
  expect(agentOpens.status).toBe(403);
  expect(agentOpens.body.error.code).toBe('FORBIDDEN');

  const onReview = await report(reviewId, { outcome: 'contacted' }, 'supervisor');
  expect(onReview.status).toBe(409);
  expect(onReview.body.error.code).toBe('NOT_A_CONTACT_TASK');
  expect((await claim(reviewId, 'supervisor')).body.error.code).toBe('NOT_A_CONTACT_TASK');
  expect((await suite.api.as('supervisor').get(`/v1/tasks/${reviewId}`)).body.status).toBe('open');
});

test('an unknown task is 404; a bad report is 422 naming the field; a token naming no agent is 400', async () => {
  const missing = await suite.api.as('agent').get('/v1/tasks/case-nobody:1');
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('TASK_NOT_FOUND');
  const reportMissing = await report('case-nobody:1', { outcome: 'no-answer' });
  expect(reportMissing.status).toBe(404);
  expect(reportMissing.body.error.code).toBe('TASK_NOT_FOUND');
  const claimMissing = await claim('case-nobody:1');
  expect(claimMissing.status).toBe(404);
  expect(claimMissing.body.error.code).toBe('TASK_NOT_FOUND');

  const invalid = async (body: object) => {
    const response = await report('case-nobody:1', body);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    return response.body.error.details.map((detail: { path: string }) => detail.path).sort();
  };
  expect(await invalid({ outcome: 'voicemail' })).toEqual(['body.outcome']);
  expect(await invalid({ outcome: 'contacted', promise: { amount: 100, date: '2030-01-01' } })).toEqual(['body.promise']);
  expect(await invalid({ outcome: 'promise-to-pay' })).toEqual(['body.promise']);
  expect(await invalid({ outcome: 'promise-to-pay', promise: { amount: -5, date: '2030-02-30' } })).toEqual(['body.promise.amount', 'body.promise.date']);
  expect(await invalid({ outcome: 'refused', agent: 'someone-else', note: 'x' })).toEqual(['body.agent', 'body.note']);
  expect(await invalid({ outcome: 'dispute' })).toEqual(['body.dispute']);
  expect(await invalid({ outcome: 'dispute', dispute: { reason: '  ' } })).toEqual(['body.dispute.reason']);
  expect(await invalid({ outcome: 'refused', dispute: { reason: 'paid already' } })).toEqual(['body.dispute']);
  expect(await invalid({ outcome: 'no-answer', arrearsReason: { code: 'illness' } })).toEqual(['body.arrearsReason']);
  expect(await invalid({ outcome: 'contacted', arrearsReason: { code: 'bad-luck' } })).toEqual(['body.arrearsReason.code']);
  expect((await suite.api.as('agent').get('/v1/tasks/bad%20id')).body.error.details).toEqual([{ path: 'params.taskId', message: expect.any(String) }]);

  const badList = await suite.api.as('agent').get('/v1/tasks').query({ limit: 0, colour: 'red' });
  expect(badList.status).toBe(422);
  expect(badList.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['query.colour', 'query.limit', 'query.queue']);
  const badCursor = await suite.api.as('agent').get('/v1/tasks').query({ queue: 'api-calls', cursor: 'nonsense' });
  expect(badCursor.body.error.details).toEqual([{ path: 'query.cursor', message: expect.any(String) }]);

  const anonymous = await request(suite.api.app)
    .post('/v1/tasks/case-nobody:1/outcome')
    .set('Authorization', `Bearer ${await tokenFor('', ['agent'])}`)
    .send({ outcome: 'no-answer' });
  expect(anonymous.status).toBe(400);
  expect(anonymous.body.error.code).toBe('INVALID_TASK_OUTCOME');
  const anonymousClaim = await request(suite.api.app)
    .post('/v1/tasks/case-nobody:1/claim')
    .set('Authorization', `Bearer ${await tokenFor('', ['agent'])}`);
  expect(anonymousClaim.status).toBe(400);
  expect(anonymousClaim.body.error.code).toBe('AGENT_NOT_IDENTIFIED');
});

test('pages run longest waiting first, ties by task id, and a task worked between pages shifts nothing', async () => {
  const queue = workQueue(suite.db.connection);
  const base = Date.now() - 10 * DAY_MS;
  // The loan the tasks are for: a claim reads the debtor's country and time zone from it.
  const loan = overdueLoan({ loanId: 'paging', nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  await suite.api.as('supervisor').put('/v1/loans/paging').send({ loan, contact: TEST_CONTACT }).expect(201);
  const task = (taskId: string, dueInHours: number, kind: NewTask['kind'] = 'contact'): NewTask => ({
    taskId,
    caseId: 'case-paging',
    loanId: 'paging',
    debtorRef: 'debtor-paging',
    step: 'dpd1-call',
    channel: kind === 'contact' ? 'phone' : 'legal-review',
    kind,
    queue: 'paging',
    dueAt: new Date(base + dueInHours * 3_600_000),
  });
  // Ties are queued against task-id order, so the store's own order of them cannot pass for the right one.
  for (const each of [task('p-5', 3), task('p-4', 2), task('p-3', 1), task('p-2', 1), task('p-1', 1), task('p-0', 0), task('p-6', 4, 'review'), task('p-7', 5)]) {
    await queue.open(each);
  }

  async function walk(role: 'agent' | 'supervisor', limit: number, between?: (page: number) => Promise<void>) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await suite.api.as(role).get('/v1/tasks').query({ queue: 'paging', limit, ...(cursor && { cursor }) });
      expect(response.status).toBe(200);
      expect(response.body.tasks.length).toBeLessThanOrEqual(limit);
      seen.push(...response.body.tasks.map((t: { taskId: string }) => t.taskId));
      cursor = response.body.nextCursor ?? undefined;
      if (!cursor) return seen;
      await between?.(page);
    }
    throw new Error('paging never ended');
  }

  expect(await walk('supervisor', 2)).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6', 'p-7']);
  expect(await walk('agent', 3)).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-7']);
  // p-1 (already shown) and p-4 (not yet) are worked after the first page: p-4 drops out, nothing else moves.
  const worked = await walk('agent', 2, async (page) => {
    if (page > 0) return;
    for (const taskId of ['p-1', 'p-4']) {
      expect((await claim(taskId)).status).toBe(200);
      const response = await report(taskId, { outcome: 'no-answer' });
      expect(response.body).toMatchObject({ caseNotified: false, task: { status: 'done' } });
    }
  });
  expect(worked).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-5', 'p-7']);
});

test('roles: work queues for agents and supervisors (and admins); 401 without a token', async () => {
  const routes = [
    () => request(suite.api.app).get('/v1/tasks').query({ queue: 'api-calls' }),
    () => request(suite.api.app).get('/v1/tasks/case-nobody:1'),
    () => request(suite.api.app).post('/v1/tasks/case-nobody:1/outcome').send({ outcome: 'no-answer' }),
    () => request(suite.api.app).post('/v1/tasks/case-nobody:1/claim'),
  ];
  const forbidden = rolesOtherThan('agent', 'supervisor');
  expect(forbidden).toEqual(expect.arrayContaining(['auditor', 'agency']));
  for (const route of routes) {
    const anonymous = await route();
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    for (const role of forbidden) {
      const refused = await route().set('Authorization', `Bearer ${suite.api.tokens[role]}`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
  }
  expect((await suite.api.as('admin').get('/v1/tasks/case-nobody:1')).status).toBe(404);
});

test('the OpenAPI document has the task routes with their roles, schemas and error codes', async () => {
  const { paths } = (await request(suite.api.app).get('/v1/openapi.json')).body;
  expect(paths['/v1/tasks'].get['x-roles'].sort()).toEqual(['admin', 'agent', 'supervisor']);
  expect(paths['/v1/tasks/{taskId}'].get['x-roles'].sort()).toEqual(['admin', 'agent', 'supervisor']);
  const claimRoute = paths['/v1/tasks/{taskId}/claim'].post;
  expect(claimRoute['x-roles'].sort()).toEqual(['admin', 'agent', 'supervisor']);
  expect(claimRoute.responses['409'].description.split(' or ')).toEqual(
    expect.arrayContaining(['CLAIM_DEFERRED', 'CLAIM_DENIED', 'TASK_CLAIMED_BY_ANOTHER', 'TASK_WITHDRAWN', 'TASK_ALREADY_REPORTED']),
  );
  expect(claimRoute.responses['409'].content['application/json'].schema).toBeDefined();
  const outcome = paths['/v1/tasks/{taskId}/outcome'].post;
  expect(outcome['x-roles'].sort()).toEqual(['admin', 'agent', 'supervisor']);
  expect(outcome.requestBody.content['application/json'].schema.properties.outcome.enum).toEqual(
    expect.arrayContaining(['contacted', 'promise-to-pay', 'dispute', 'refused', 'wrong-number', 'no-answer']),
  );
  expect(outcome.requestBody.content['application/json'].schema.properties.arrearsReason).toBeDefined();
  expect(paths['/v1/tasks/{taskId}'].get.responses['200'].content['application/json'].schema.properties.script).toBeDefined();
  expect(Object.keys(outcome.responses).sort()).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '422']));
  expect(outcome.responses['409'].description).toBe('NOT_A_CONTACT_TASK or TASK_ALREADY_REPORTED or TASK_NOT_CLAIMED or TASK_CLAIMED_BY_ANOTHER or TASK_WITHDRAWN');
});
