// NIFA's three connected calls a debtor's local day, through the API, against a
// real worker on the time-skipping server: a case queues more calls than the day
// allows; agents take them through the compliance guard, which counts calls
// taken and not yet reported, and the lender's and the agencies' calls alike.
import type { ActionRequest } from '../../src/domain';
import { nextLocalDayAt } from '../../src/domain/compliance';
import { caseIdFor } from '../../src/domain';
import { oneLadder, openTestCase } from '../support/cases';
import { TEST_CONTACT } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';
import { tokenFor } from '../support/api';

const suite = apiSuite();
const SHANGHAI = 'Asia/Shanghai';
const DAILY_LIMIT_RULE = 'nifa-3-connected-calls-per-day';

const phone = { channel: 'phone', template: 'collection-call' } as const;
const calls = (count: number) => oneLadder(`calls-${count}`, [{ id: 'dpd1-calls', atDpd: 1, actions: Array.from({ length: count }, () => phone) }]);
const placementAndCalls = oneLadder('placement-and-calls', [
  { id: 'dpd1-agency-and-calls', atDpd: 1, actions: [{ channel: 'agency', parameters: { agency: 'Acme Collections' } }, phone, phone] },
]);

/** Books a loan of a CN debtor in Shanghai, opens its case and waits until its `actions` have gone out; returns the action ids. */
async function caseOf(loanId: string, nowMs: number, strategy: ReturnType<typeof oneLadder>, actions: number, debtorRef = `debtor-${loanId}`): Promise<string[]> {
  const booked = overdueLoan({ loanId, nowMs, daysPastDue: 1, timeZone: SHANGHAI, country: 'CN' });
  const loan = { ...booked, debtor: { ...booked.debtor, debtorRef } };
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  await openTestCase(suite.env, loan, { strategy });
  await suite.observed.finish<ActionRequest>('performAction', ({ input }) => input.loanId === loanId && input.seq === actions);
  return Array.from({ length: actions }, (_, i) => `${caseIdFor(loanId)}:${i + 1}`);
}

/** The loan's tasks an agent sees in the calls queue now, in queue order. */
async function queued(loanId: string): Promise<string[]> {
  const listed = await suite.api.as('agent').get('/v1/tasks').query({ queue: 'calls', limit: 200 });
  expect(listed.status).toBe(200);
  return listed.body.tasks.filter((task: { loanId: string }) => task.loanId === loanId).map((task: { taskId: string }) => task.taskId);
}

const agent = async (name: string) => suite.api.withToken(await tokenFor(name, ['agent']));

test("NIFA: five call tasks, agents claim and report as the API lets them: three connected calls that local day, the rest wait for 08:00 the next", async () => {
  const now = await suite.sleepUntilLocalTime(SHANGHAI, 10);
  const tasks = await caseOf('nifa-calls-1', now, calls(5), 5);
  expect(await queued('nifa-calls-1')).toEqual(tasks);

  let contacted = 0;
  const refused = [];
  for (const [i, taskId] of tasks.entries()) {
    const caller = await agent(`agent-${i + 1}`);
    const claim = await caller.post(`/v1/tasks/${taskId}/claim`);
    if (claim.status === 409) {
      refused.push({ taskId, error: claim.body.error });
      continue;
    }
    const reported = await caller.post(`/v1/tasks/${taskId}/outcome`).send({ outcome: 'contacted' });
    if (reported.status === 200) contacted += 1;
  }
  expect(contacted).toBe(3);

  const eight = nextLocalDayAt(now, SHANGHAI, 8);
  // The third connected call took the others out of the queue; the one claimed anyway is deferred with its rule.
  expect(refused).toEqual([
    {
      taskId: tasks[3],
      error: {
        code: 'CLAIM_DEFERRED',
        message: expect.stringContaining(new Date(eight).toISOString()),
        compliance: { verdict: 'defer', rule: DAILY_LIMIT_RULE, reason: expect.stringContaining('3 connected calls'), until: new Date(eight).toISOString() },
      },
    },
    { taskId: tasks[4], error: expect.objectContaining({ code: 'CLAIM_DEFERRED', compliance: expect.objectContaining({ until: new Date(eight).toISOString() }) }) },
  ]);
  expect(await queued('nifa-calls-1')).toEqual([]);
  expect((await suite.api.as('agent').get(`/v1/tasks/${tasks[4]}`)).body).toMatchObject({ status: 'open', dueAt: new Date(eight).toISOString(), debtor: null });

  await suite.sleep(eight - (await suite.env.currentTimeMs()) - 60_000);
  expect(await queued('nifa-calls-1')).toEqual([]);
  expect((await (await agent('agent-9')).post(`/v1/tasks/${tasks[4]}/claim`)).body.error.code).toBe('CLAIM_DEFERRED');
  await suite.sleep('2 minutes');
  expect(await queued('nifa-calls-1')).toEqual(tasks.slice(3));
  const nextDay = await (await agent('agent-4')).post(`/v1/tasks/${tasks[3]}/claim`);
  expect(nextDay.status).toBe(200);
  expect(nextDay.body).toMatchObject({ task: { taskId: tasks[3], claim: { agent: 'agent-4' } }, debtor: { name: TEST_CONTACT.name, phone: TEST_CONTACT.phone } });
});

test("agents claiming one debtor's calls at once: only three get one; a call reported unanswered frees its place, on any of the debtor's loans", async () => {
  const now = await suite.sleepUntilLocalTime(SHANGHAI, 11);
  const tasks = await caseOf('nifa-calls-2', now, calls(5), 5);
  const callers = await Promise.all(tasks.map((_, i) => agent(`rush-${i + 1}`)));

  const claims = await Promise.all(tasks.map((taskId, i) => callers[i].post(`/v1/tasks/${taskId}/claim`)));
  const taken = claims.flatMap((claim, i) => (claim.status === 200 ? [i] : []));
  expect(taken).toHaveLength(3);
  expect(claims.filter((claim) => claim.status === 409).map((claim) => claim.body.error.compliance.rule)).toEqual([DAILY_LIMIT_RULE, DAILY_LIMIT_RULE]);

  // One of the three did not get through: its place is free again for a call on the debtor's other loan, and only it.
  const [first, ...others] = taken;
  expect((await callers[first].post(`/v1/tasks/${tasks[first]}/outcome`).send({ outcome: 'no-answer' })).status).toBe(200);
  for (const i of others) expect((await callers[i].post(`/v1/tasks/${tasks[i]}/outcome`).send({ outcome: 'contacted' })).status).toBe(200);
  const otherLoan = await caseOf('nifa-calls-2b', now, calls(2), 2, 'debtor-nifa-calls-2');
  expect((await callers[first].post(`/v1/tasks/${otherLoan[0]}/claim`)).status).toBe(200);
  const past = await callers[first].post(`/v1/tasks/${otherLoan[1]}/claim`);
  expect(past.status).toBe(409);
  expect(past.body.error.compliance.rule).toBe(DAILY_LIMIT_RULE);
});

test("calls an agency reports count with the lender's: after two connected agency calls, one more lender claim that local day", async () => {
  const now = await suite.sleepUntilLocalTime(SHANGHAI, 14);
  const [, ...callTasks] = await caseOf('nifa-agency-1', now, placementAndCalls, 3);
  const placementRef = `${caseIdFor('nifa-agency-1')}:placement:1`;
  const acme = await suite.api.asAgency('Acme Collections');
  const at = new Date(await suite.env.currentTimeMs()).toISOString();
  const contact = (reference: string) => ({ placementRef, reference, channel: 'phone', at, outcome: 'connected' });

  for (const reference of ['ACME-CALL-1', 'ACME-CALL-2']) {
    const reported = await acme.post('/v1/agency/contacts').send(contact(reference));
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({ caseId: caseIdFor('nifa-agency-1'), duplicate: false });
  }
  // Posted again, a contact counts once.
  expect((await acme.post('/v1/agency/contacts').send(contact('ACME-CALL-2'))).body).toMatchObject({ duplicate: true });
  const conflicting = await acme.post('/v1/agency/contacts').send({ ...contact('ACME-CALL-2'), outcome: 'no-answer' });
  expect(conflicting.status).toBe(409);
  expect(conflicting.body.error.code).toBe('CONTACT_REFERENCE_CONFLICT');

  const caller = await agent('agent-1');
  expect((await caller.post(`/v1/tasks/${callTasks[0]}/claim`)).status).toBe(200);
  const second = await caller.post(`/v1/tasks/${callTasks[1]}/claim`);
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({ code: 'CLAIM_DEFERRED', compliance: { rule: DAILY_LIMIT_RULE, until: new Date(nextLocalDayAt(now, SHANGHAI, 8)).toISOString() } });
});

test('a claim the guard forbids (the debtor asked to cease contact) withdraws the task with the reason; a report without a claim is refused', async () => {
  const now = await suite.sleepUntilLocalTime(SHANGHAI, 15);
  const [first, second] = await caseOf('nifa-cease-1', now, calls(2), 2);
  const caller = await agent('agent-1');

  const unclaimed = await caller.post(`/v1/tasks/${first}/outcome`).send({ outcome: 'contacted' });
  expect(unclaimed.status).toBe(409);
  expect(unclaimed.body.error.code).toBe('TASK_NOT_CLAIMED');
  expect((await caller.post(`/v1/tasks/${first}/claim`)).status).toBe(200);
  const otherAgent = await (await agent('agent-2')).post(`/v1/tasks/${first}/claim`);
  expect(otherAgent.status).toBe(409);
  expect(otherAgent.body.error.code).toBe('TASK_CLAIMED_BY_ANOTHER');

  await suite.api.as('supervisor').post(`/v1/cases/${caseIdFor('nifa-cease-1')}/commands/cease-contact`).send({ reason: 'debtor asked in writing' }).expect(200);
  const denied = await caller.post(`/v1/tasks/${second}/claim`);
  expect(denied.status).toBe(409);
  expect(denied.body.error).toMatchObject({ code: 'CLAIM_DENIED', compliance: { verdict: 'deny', rule: 'case-cease-contact', reason: expect.stringContaining('stop contact') } });
  expect((await suite.api.as('agent').get(`/v1/tasks/${second}`)).body).toMatchObject({
    status: 'withdrawn',
    withdrawal: { rule: 'case-cease-contact' },
    debtor: null,
  });
  expect(await queued('nifa-cease-1')).toEqual([]);
});
