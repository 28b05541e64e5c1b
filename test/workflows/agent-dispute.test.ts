// An agent's dispute report on the time-skipping server, stubbed activities: the
// report's own signal puts the dispute hold, so no second command is needed and
// none can be lost between the two.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test("an agent's dispute report puts the dispute hold by itself, once, with the agent as actor; the ladder waits", async () => {
  const loan = await cases.loan('agent-dispute', 10);
  const handle = await cases.open(loan, { record: 'agent-dispute-hold' });
  await suite.env.sleep('1 hour');

  const report = { actor: 'agent-7', taskId: 'case-agent-dispute:1', step: 'dpd7-reminder-and-call', outcome: 'dispute' as const, dispute: { reason: 'says the loan was repaid in cash' } };
  await handle.signal(messages.taskOutcome, report);
  await handle.signal(messages.taskOutcome, report);
  const view = await handle.query(messages.caseView);
  expect(view.holds.map((hold) => [hold.kind, hold.actor, hold.reason])).toEqual([
    ['dispute', 'agent-7', 'says the loan was repaid in cash (task case-agent-dispute:1)'],
  ]);
  expect(view.recentEvents.map((event) => event.reason)).toContain('disputed: says the loan was repaid in cash (task case-agent-dispute:1); outreach held until resolved');

  // The dispute command that follows from the report's use case is refused, and changes nothing.
  await expect(handle.executeUpdate(messages.dispute, { args: [{ ...SUPERVISOR, reason: 'again' }] })).rejects.toThrow(WorkflowUpdateFailedError);
  await expect(handle.executeUpdate(messages.escalate, { args: [{ ...SUPERVISOR, reason: 'push' }] })).rejects.toThrow(WorkflowUpdateFailedError);
  await suite.env.sleep('6 days');
  expect(cases.stepsOf(loan.loanId)).not.toContain('dpd15-demand-letter');
});
