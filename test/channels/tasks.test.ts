// Phone calls and field visits become tasks in MongoDB work queues; agents claim
// them (the compliance guard allows the contact then) and report how they went,
// and the case reacts: the step's outcome, the contact counted for the guard, and
// a promise to pay that holds the ladder.
import type { CaseProgress } from '../../src/activities/case-records';
import { contactModel } from '../../src/db/contacts';
import { workQueue } from '../../src/db/tasks';
import { DAY_MS } from '../../src/domain';
import { localDateTime } from '../../src/domain/compliance';
import { claimTask, TaskClaimError } from '../../src/cases/task-claims';
import { reportTaskOutcome, TaskReportError, type TaskOutcomeRequest } from '../../src/cases/task-outcomes';
import { caseIdFor } from '../../src/domain';
import { caseView } from '../../src/workflows/collection-case/messages';
import { closeTestCase, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

const suite = caseSuite();
/** An agent's report, at business time now. */
const report = async (request: Omit<TaskOutcomeRequest, 'atMs'>) =>
  reportTaskOutcome(suite.env.client, suite.db.connection, { ...request, atMs: await suite.env.currentTimeMs() });
/** An agent takes the task, at business time now. */
const claim = async (taskId: string, agent: string) => claimTask(suite.env.client, suite.db.connection, { taskId, agent, atMs: await suite.env.currentTimeMs() });

const collectionCall = oneLadder('collection-call', [
  { id: 'dpd1-call', atDpd: 1, actions: [{ channel: 'phone', template: 'collection-call', parameters: { queue: 'early-stage' } }] },
]);
const fieldVisit = oneLadder('field-visit', [
  { id: 'dpd1-visit', atDpd: 1, actions: [{ channel: 'field-visit', template: 'field-visit' }, { channel: 'legal-review' }] },
]);

/** Resolves with the case's progress once `until` holds for the view it publishes. */
function published(loanId: string, until: (progress: CaseProgress) => boolean) {
  return suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && until(input));
}

test('a call is queued once for an agent, and a reported promise to pay holds the case', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'call-1', nowMs: now, daysPastDue: 1 });
  const taskId = `${caseIdFor(loan.loanId)}:1`;
  const promise = { amount: 50_000, date: isoDate(now + 10 * DAY_MS) };

  const handle = await openCaseOn(suite, loan, collectionCall);
  await published(loan.loanId, ({ view }) => view.stepOutcomes['dpd1-call'] !== undefined);
  const queued = await workQueue(suite.db.connection).openIn('early-stage', 10);
  // Nobody reports a call the guard has not allowed: the agent claims it first.
  await expect(report({ taskId, outcome: 'promise-to-pay', agent: 'agent-7', promise })).rejects.toMatchObject({ code: 'TASK_NOT_CLAIMED' });
  await claim(taskId, 'agent-7');
  await report({ taskId, outcome: 'promise-to-pay', agent: 'agent-7', promise });
  await suite.observed.finish<{ taskId: string }>('recordTaskOutcome', ({ input }) => input.taskId === taskId);
  // The same report again reaches the case, which counts a task once.
  await expect(report({ taskId, outcome: 'promise-to-pay', agent: 'agent-7', promise })).resolves.toMatchObject({ caseNotified: true });
  const view = await handle.query(caseView);
  await closeTestCase(handle);

  expect(queued).toHaveLength(1);
  expect(queued[0]).toMatchObject({ taskId, caseId: caseIdFor(loan.loanId), step: 'dpd1-call', channel: 'phone', kind: 'contact', status: 'open' });
  // The task names the loan and debtor by reference only.
  for (const secret of [TEST_CONTACT.name!, TEST_CONTACT.phone!]) expect(JSON.stringify(queued[0])).not.toContain(secret);

  expect(view.stepOutcomes['dpd1-call']).toBe('promise-to-pay');
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', actor: 'agent-7', amount: 50_000 })]);
  expect(view.recentEvents.map((event) => event.reason)).toContain(`task ${taskId} for step dpd1-call: promise-to-pay`);

  const task = await workQueue(suite.db.connection).get(taskId);
  expect(task).toMatchObject({ status: 'done', outcome: 'promise-to-pay', agent: 'agent-7', promise });
  const contact = await contactModel(suite.db.connection).findOne({ idempotencyKey: taskId }).lean();
  expect(contact).toMatchObject({ channel: 'phone', status: 'sent', outcome: 'no-contact', contactOutcome: 'conversation' });
  expect(contact!.outcomeAt!.getTime()).toBeGreaterThanOrEqual(contact!.at.getTime());

  expect(view.recentEvents.filter((event) => event.data?.taskId === taskId && event.type === 'action')).toHaveLength(1);
  // A different report on a task already reported is refused; after the case closed, a report is kept on the task only.
  await expect(report({ taskId, outcome: 'refused', agent: 'agent-8' })).rejects.toMatchObject({ code: 'TASK_ALREADY_REPORTED' });
  await expect(report({ taskId, outcome: 'promise-to-pay', agent: 'agent-7', promise })).resolves.toMatchObject({ caseNotified: false });
});

test('a field visit and a legal review are queued; a refusal at the door is the step outcome', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'visit-1', nowMs: now, daysPastDue: 1 });
  const [visitId, reviewId] = [1, 2].map((seq) => `${caseIdFor(loan.loanId)}:${seq}`);
  const queue = workQueue(suite.db.connection);

  const handle = await openCaseOn(suite, loan, fieldVisit);
  const { input: before } = await published(loan.loanId, ({ view }) => view.stepOutcomes['dpd1-visit'] !== undefined);
  await claim(visitId, 'field-3');
  await report({ taskId: visitId, outcome: 'refused', agent: 'field-3' });
  await suite.observed.finish<{ taskId: string }>('recordTaskOutcome', ({ input }) => input.taskId === visitId);
  const { input: after } = await published(loan.loanId, ({ view }) => view.stepOutcomes['dpd1-visit'] === 'refused');
  await closeTestCase(handle);

  expect(before.view.stepOutcomes['dpd1-visit']).toBe('delivered');
  expect(await queue.get(visitId)).toMatchObject({ channel: 'field-visit', kind: 'contact', queue: 'field-visits', status: 'done', outcome: 'refused' });
  expect(await queue.get(reviewId)).toMatchObject({ channel: 'legal-review', kind: 'review', queue: 'legal-review', status: 'open' });
  expect(after.view.stepOutcomes['dpd1-visit']).toBe('refused');

  const review = report({ taskId: reviewId, outcome: 'contacted', agent: 'field-3' });
  await expect(review).rejects.toBeInstanceOf(TaskReportError);
  await expect(review).rejects.toMatchObject({ code: 'NOT_A_CONTACT_TASK' });
  await expect(claim(reviewId, 'field-3')).rejects.toMatchObject({ code: 'NOT_A_CONTACT_TASK' });
  await expect(report({ taskId: 'no-such-task', outcome: 'no-answer', agent: 'a' })).rejects.toMatchObject({
    code: 'TASK_NOT_FOUND',
  });
});

test('a call taken in quiet hours waits: the claim is deferred to 08:00 and the task leaves the queue until then', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 21);
  const loan = overdueLoan({ loanId: 'late-call-1', nowMs: now, daysPastDue: 1 });
  const taskId = `${caseIdFor(loan.loanId)}:1`;
  const queue = workQueue(suite.db.connection);
  const workable = async () => (await queue.openIn('early-stage', 10, { workableAt: new Date(await suite.env.currentTimeMs()) })).map((task) => task.taskId);

  const handle = await openCaseOn(suite, loan, collectionCall);
  await published(loan.loanId, ({ view }) => view.stepOutcomes['dpd1-call'] !== undefined);
  const queuedAtNine = await workable();
  await suite.env.sleep('90 minutes');
  const refusal = await claim(taskId, 'agent-7').then(
    () => undefined,
    (error: unknown) => error,
  );
  const queuedLate = await workable();
  const eight = (refusal as TaskClaimError).compliance!.untilMs!;
  await suite.env.sleep(eight + 60_000 - (await suite.env.currentTimeMs()));
  const queuedAtEight = await workable();
  const claimed = await claim(taskId, 'agent-7');
  await closeTestCase(handle);

  expect(queuedAtNine).toEqual([taskId]);
  expect(refusal).toBeInstanceOf(TaskClaimError);
  expect(refusal).toMatchObject({ code: 'CLAIM_DEFERRED', compliance: { verdict: 'defer', rule: 'nifa-quiet-22-08' } });
  const until = (refusal as TaskClaimError).compliance!.untilMs!;
  expect(localDateTime(until, 'Asia/Shanghai')).toMatchObject({ hour: 8, minute: 0 });
  expect(queuedLate).toEqual([]);
  expect(queuedAtEight).toEqual([taskId]);
  expect(claimed.task).toMatchObject({ taskId, dueAt: new Date(until), deferral: { rule: 'nifa-quiet-22-08' }, claim: { agent: 'agent-7' } });
});
