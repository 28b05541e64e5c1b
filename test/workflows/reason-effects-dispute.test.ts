// Reason effects on the time-skipping server, stubbed activities, default strategy v2:
// the debtor's SMS reply naming a dispute puts the dispute hold, as the dispute command does.
// One scenario per file: each runs on its own test server (cases closed right after a long
// time skip left the next test's first skip waiting on the server in one file).
import { WorkflowUpdateFailedError } from '@temporalio/client';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test("the debtor's reply naming a dispute puts the dispute hold, as the dispute command does; a reply naming nothing is only noted", async () => {
  const loan = await cases.loan('dispute-reply', 10);
  const handle = await cases.open(loan, { record: 'reason-effects-dispute' });
  await suite.env.sleep('1 hour');

  await handle.signal(messages.debtorReply, { channel: 'sms', reference: 'sms:in-1', matched: 'ok' });
  await handle.signal(messages.debtorReply, { channel: 'sms', reference: 'sms:in-2', code: 'dispute', matched: 'already paid' });
  await handle.signal(messages.debtorReply, { channel: 'sms', reference: 'sms:in-2', code: 'dispute', matched: 'already paid' });
  const view = await handle.query(messages.caseView);
  expect(view.overdueReason).toEqual({ code: 'dispute', note: 'replied "already paid"', actor: 'debtor:sms', source: 'debtor', channel: 'sms', at: expect.any(String) });
  expect(view.overdueReasons).toHaveLength(1);
  expect(view.holds.map((hold) => [hold.kind, hold.actor])).toEqual([['dispute', 'debtor:sms']]);
  const reasons = view.recentEvents.map((event) => event.reason);
  expect(reasons).toContain('the debtor replied by sms (sms:in-1); the reply names no overdue reason');
  expect(reasons).toContain("overdue reason dispute recorded from the debtor's sms reply: replied \"already paid\"");

  // The dispute rules of today: escalation is refused while the dispute is open, and the ladder waits.
  await expect(handle.executeUpdate(messages.escalate, { args: [{ ...SUPERVISOR, reason: 'push' }] })).rejects.toThrow(WorkflowUpdateFailedError);
  await suite.env.sleep('6 days');
  expect(cases.stepsOf(loan.loanId)).not.toContain('dpd15-demand-letter');
});
