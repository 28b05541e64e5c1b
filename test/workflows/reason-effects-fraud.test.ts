// Reason effects on the time-skipping server, stubbed activities, default strategy v2:
// fraud, from an agent's report, holds the case for the fraud team's review, which
// closes it as fraud or lets the ladder resume.
// One scenario per file: each runs on its own test server (cases closed right after a long
// time skip left the next test's first skip waiting on the server in one file).
import { WorkflowUpdateFailedError } from '@temporalio/client';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test("fraud from an agent's report holds the case with a fraud-review task; confirmed closes it as fraud, not confirmed lets the ladder resume", async () => {
  const confirmed = await cases.loan('fraud-confirmed', 10);
  const cleared = await cases.loan('fraud-cleared', 10);
  const confirmedCase = await cases.open(confirmed, { record: 'reason-effects-fraud' });
  const clearedCase = await cases.open(cleared);
  await suite.env.sleep('1 hour');
  for (const [loan, handle] of [[confirmed, confirmedCase], [cleared, clearedCase]] as const) {
    const call = cases.requestsOf(loan.loanId).find((request) => request.channel === 'phone')!;
    await handle.signal(messages.taskOutcome, { actor: 'agent-7', taskId: call.idempotencyKey, step: call.step, outcome: 'contacted', arrearsReason: { code: 'fraud', note: 'never took this loan' } });
  }
  await suite.env.sleep('1 hour');
  for (const [loan, handle] of [[confirmed, confirmedCase], [cleared, clearedCase]] as const) {
    const view = await handle.query(messages.caseView);
    expect(view.holds).toEqual([expect.objectContaining({ kind: 'fraud-review', actor: 'agent-7', reason: expect.stringContaining("overdue reason fraud from an agent's report") })]);
    expect(cases.requestsOf(loan.loanId).filter((request) => request.channel === 'review').map((request) => [request.step, request.parameters])).toEqual([
      ['reason-fraud', { queue: 'fraud-review' }],
    ]);
  }
  // Held: DPD 15 passes with nothing sent.
  await suite.env.sleep('6 days');
  expect(cases.stepsOf(cleared.loanId)).not.toContain('dpd15-demand-letter');

  const closed = await confirmedCase.executeUpdate(messages.resolveReview, { args: [{ ...SUPERVISOR, kind: 'fraud-review', outcome: 'confirmed', reason: 'police report filed' }] });
  expect(closed.closure).toMatchObject({ outcome: 'fraud', actor: 'supervisor-7' });
  expect((await confirmedCase.query(messages.caseView)).status).toBe('closed');

  const resumed = await clearedCase.executeUpdate(messages.resolveReview, { args: [{ ...SUPERVISOR, kind: 'fraud-review', outcome: 'not-confirmed' }] });
  expect(resumed.holds).toEqual([]);
  await suite.env.sleep('1 hour');
  // The step for the DPD reached runs; the reason stays fraud, which is no hardship: the demand letter.
  expect(cases.stepsOf(cleared.loanId)).toContain('dpd15-demand-letter');

  const again = clearedCase.executeUpdate(messages.resolveReview, { args: [{ ...SUPERVISOR, kind: 'fraud-review', outcome: 'confirmed' }] });
  await expect(again).rejects.toThrow(WorkflowUpdateFailedError);
  expect(await again.catch((error: WorkflowUpdateFailedError) => error.cause)).toMatchObject({ type: 'NOT_UNDER_REVIEW' });
});
