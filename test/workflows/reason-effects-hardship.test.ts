// Reason effects on the time-skipping server, stubbed activities, default strategy v2:
// a hardship reason makes the plan offer run at DPD 15 instead of the demand letter,
// once; without a reason the demand letter goes.
// One scenario per file: each runs on its own test server (cases closed right after a long
// time skip left the next test's first skip waiting on the server in one file).
import type { ActionRequest } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

const channelsOf = (requests: ActionRequest[], step: string) => requests.filter((request) => request.step === step).map((request) => request.channel);

test('a hardship reason makes the plan offer run at DPD 15 instead of the demand letter, once; without a reason the demand letter goes', async () => {
  const hardship = await cases.loan('hardship', 10);
  const other = await cases.loan('no-reason', 10);
  const hardshipCase = await cases.open(hardship, { record: 'reason-effects-hardship' });
  const otherCase = await cases.open(other);
  await suite.env.sleep('1 hour');
  await hardshipCase.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'income-drop', note: 'laid off in October' }] });

  await suite.env.sleep('6 days');
  const offered = cases.requestsOf(hardship.loanId);
  expect(cases.stepsOf(hardship.loanId)).not.toContain('dpd15-demand-letter');
  expect(channelsOf(offered, 'dpd15-plan-offer')).toEqual(['sms', 'phone']);
  expect(offered.filter((request) => request.step === 'dpd15-plan-offer').map((request) => [request.template, request.parameters])).toEqual([
    ['plan-offer', undefined],
    ['plan-offer', { queue: 'hardship' }],
  ]);
  expect(cases.stepsOf(other.loanId)).toContain('dpd15-demand-letter');
  expect(cases.stepsOf(other.loanId)).not.toContain('dpd15-plan-offer');

  // Nothing changed after the offer: DPD 30 escalates as before.
  await suite.env.sleep('15 days');
  expect(cases.stepsOf(hardship.loanId)).toContain('dpd30-second-demand');
  expect(cases.stepsOf(hardship.loanId)).not.toContain('dpd30-plan-offer');
  const skipped = suite.stub.trail(hardshipCase.workflowId).filter((event) => event.type === 'step-skipped').map((event) => event.reason);
  expect(skipped).toContain('step dpd30-plan-offer (DPD 30) skipped: step dpd15-plan-offer already ran');
  expect((await otherCase.query(messages.caseView)).overdueReason).toBeNull();
});
