// Continue-as-new, on the time-skipping server with the case activities
// stubbed: a long case starts a new run before its history gets large, and the
// new run carries the state forward, so no step runs twice.
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test('continue-as-new carries the state and the event log forward', async () => {
  const loan = await cases.loan('can', 1);
  const handle = await cases.open(loan, { continueAsNewAfterEvents: 60, record: 'continue-as-new' });
  const firstRunId = (await handle.describe()).runId;
  await suite.env.sleep('35 days');
  const view = await handle.query(messages.caseView);
  expect((await handle.describe()).runId).not.toBe(firstRunId);
  expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd1-reminder', 'dpd3-courtesy-call', 'dpd7-reminder-and-call', 'dpd15-demand-letter', 'dpd30-second-demand']));
  expect(view.recentEvents[view.recentEvents.length - 1].seq).toBe(view.eventCount);
  expect(view.eventCount).toBeGreaterThan(60);
  // Each step ran once across the runs.
  const steps = cases.stepsOf(loan.loanId);
  expect(new Set(steps).size).toBe(5);
  // The audit trail runs on across the runs: every event once, in order.
  const trail = suite.stub.trail(handle.workflowId).map((event) => event.seq);
  expect(trail).toEqual(Array.from({ length: trail.length }, (_, i) => i + 1));
});
