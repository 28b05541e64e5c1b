// Overdue reasons (逾期原因) on a running case, on the time-skipping server with
// the case activities stubbed: a supervisor records one and an agent's report
// carries another, each with who and when; the view shows the latest with its
// history; a code not in the list is refused before it reaches history; and a
// step with a reason condition runs for a case with that reason.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import * as messages from '../../src/workflows/collection-case/messages';
import { oneLadder } from '../support/cases';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test("a supervisor's reason and an agent's reason are recorded with who and when; the view shows the latest and the history", async () => {
  const loan = await cases.loan('overdue-reasons', 10);
  const handle = await cases.open(loan, { record: 'overdue-reasons' });
  await suite.env.sleep('1 hour');

  const recorded = await handle.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'illness', note: ' in hospital since October ' }] });
  const supervisorAt = recorded.asOf;
  expect(recorded.overdueReason).toEqual({ code: 'illness', note: 'in hospital since October', actor: 'supervisor-7', source: 'supervisor', at: supervisorAt });
  expect(recorded.overdueReasons).toHaveLength(1);

  // The DPD-7 call at DPD 10 queued a task; the agent reports what the debtor said.
  const call = cases.requestsOf(loan.loanId).find((request) => request.channel === 'phone')!;
  await suite.env.sleep('2 hours');
  const report = { actor: 'agent-7', taskId: call.idempotencyKey, step: call.step, outcome: 'contacted' as const, arrearsReason: { code: 'income-drop', note: 'laid off' } };
  await handle.signal(messages.taskOutcome, report);
  // A repeated report counts once.
  await handle.signal(messages.taskOutcome, report);
  await suite.observed.finish('recordTaskOutcome');

  const view = await handle.query(messages.caseView);
  expect(view.overdueReason).toEqual({ code: 'income-drop', note: 'laid off', actor: 'agent-7', source: 'agent', taskId: call.idempotencyKey, at: expect.any(String) });
  expect(Date.parse(view.overdueReason!.at)).toBeGreaterThan(Date.parse(supervisorAt));
  expect(view.overdueReasons.map((reason) => [reason.code, reason.actor, reason.source])).toEqual([
    ['illness', 'supervisor-7', 'supervisor'],
    ['income-drop', 'agent-7', 'agent'],
  ]);
  const events = suite.stub.trail(handle.workflowId).filter((event) => event.type === 'reason');
  expect(events.map((event) => [event.actor, event.reason])).toEqual([
    ['supervisor-7', 'overdue reason illness recorded by a supervisor: in hospital since October'],
    ['agent-7', `overdue reason income-drop recorded from task ${call.idempotencyKey}: laid off`],
  ]);
  expect(events[1].data).toEqual({ code: 'income-drop', note: 'laid off', source: 'agent', taskId: call.idempotencyKey });
});

test('a code not in the list is refused: the validator names it, and nothing reaches the case', async () => {
  const loan = await cases.loan('unknown-reason', 10);
  const handle = await cases.open(loan);
  await suite.env.sleep('1 hour');
  const before = await handle.query(messages.caseView);

  const refused = handle.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'job-loss' }] });
  await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
  const cause = await refused.catch((error: WorkflowUpdateFailedError) => error.cause);
  expect(cause).toMatchObject({ type: 'INVALID_COMMAND', message: expect.stringMatching(/^code "job-loss" is not an overdue reason; one of forgot, income-drop/) });

  // An agent's report cannot be refused: the case records that the code was not taken.
  const [call] = cases.requestsOf(loan.loanId).filter((request) => request.channel === 'phone');
  await handle.signal(messages.taskOutcome, { actor: 'agent-7', taskId: call.idempotencyKey, step: call.step, outcome: 'contacted', arrearsReason: { code: 'lottery' } });
  await suite.observed.finish('recordTaskOutcome');
  const after = await handle.query(messages.caseView);
  expect(after.overdueReason).toBeNull();
  expect(after.overdueReasons).toEqual([]);
  expect(after.eventCount).toBeGreaterThan(before.eventCount);
  expect(after.recentEvents.map((event) => event.reason)).toContain(`overdue reason from task ${call.idempotencyKey} not recorded: "lottery" is not an overdue reason`);
});

test("a step with a reason condition runs for a case with that reason; its alternative is skipped with the reason's words", async () => {
  const byReason = oneLadder('by-reason', [
    { id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'reminder-1' }] },
    { id: 'dpd5-hardship-call', atDpd: 5, conditions: [{ reason: ['income-drop', 'illness'] }], actions: [{ channel: 'phone', template: 'collection-call' }] },
    { id: 'dpd5-demand-letter', atDpd: 5, actions: [{ channel: 'letter', template: 'demand-letter-1' }] },
  ]);
  const hardship = await cases.loan('reason-step', 2);
  const other = await cases.loan('reason-step-other', 2);
  const hardshipCase = await cases.open(hardship, { strategy: byReason });
  const otherCase = await cases.open(other, { strategy: byReason });
  await suite.env.sleep('1 hour');
  await hardshipCase.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'income-drop' }] });
  await otherCase.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'forgot' }] });

  await suite.env.sleep('3 days');
  expect(cases.stepsOf(hardship.loanId)).toEqual(['dpd1-reminder', 'dpd5-hardship-call']);
  expect(cases.stepsOf(other.loanId)).toEqual(['dpd1-reminder', 'dpd5-demand-letter']);
  const skipped = suite.stub.trail(otherCase.workflowId).filter((event) => event.type === 'step-skipped').map((event) => event.reason);
  expect(skipped).toContain('step dpd5-hardship-call (DPD 5) skipped: overdue reason forgot not in [income-drop, illness]');
});
