// Reason effects on the time-skipping server, stubbed activities, default strategy v2:
// a deceased reason stops every channel for good, withdraws the agents' open calls,
// recalls the agency and opens an estate task; the review confirms it.
// One scenario per file: each runs on its own test server (cases closed right after a long
// time skip left the next test's first skip waiting on the server in one file).
import type { TaskWithdrawal } from '../../src/activities/channels';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test('a deceased reason stops every channel across later thresholds, withdraws the open call, recalls the agency and opens an estate task', async () => {
  const loan = await cases.loan('deceased', 10);
  const placed = await cases.loan('deceased-placed', 61, { outstanding: 200_000 });
  const handle = await cases.open(loan, { record: 'reason-effects-deceased' });
  const placedCase = await cases.open(placed);
  await suite.env.sleep('1 hour');
  const call = cases.requestsOf(loan.loanId).find((request) => request.channel === 'phone')!;
  expect(cases.requestsOf(placed.loanId).map((request) => request.channel)).toContain('agency');
  const before = cases.requestsOf(loan.loanId).length;

  const view = await handle.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'deceased', note: 'the family called' }] });
  expect(view.holds.map((hold) => hold.kind)).toEqual(['deceased']);
  await placedCase.executeUpdate(messages.recordReason, { args: [{ ...SUPERVISOR, code: 'deceased' }] });
  await suite.observed.finish('recallFromAgency');
  await suite.observed.finish<TaskWithdrawal>('withdrawTasks', ({ input }) => input.taskIds.includes(call.idempotencyKey));

  // DPD 15, 30, 60, 90, 120 and 180 pass: nothing goes out but the estate team's task.
  await suite.env.sleep('180 days');
  const after = cases.requestsOf(loan.loanId).slice(before);
  expect(after.map((request) => [request.step, request.channel, request.parameters])).toEqual([['reason-deceased', 'review', { queue: 'estate' }]]);
  expect(after[0].template).toBe('estate');
  expect(cases.requestsOf(placed.loanId).filter((request) => request.channel !== 'review').every((request) => request.daysPastDue === 61)).toBe(true);

  const later = await handle.query(messages.caseView);
  expect(later.status).toBe('open');
  expect(later.waitingFor).toEqual([{ kind: 'release', reason: 'the deceased to be resolved (overdue reason deceased from a supervisor)' }]);
  const trail = suite.stub.trail(handle.workflowId).map((event) => event.reason);
  expect(trail).toContain('deceased hold put for overdue reason deceased from a supervisor: the debtor is reported deceased, so every contact stops and the estate is handled');
  expect(trail).toContain(`1 open call or visit task(s) withdrawn from the work queue: the case is on the deceased hold (overdue reason deceased): the debtor is reported deceased, so every contact stops and the estate is handled`);
  expect((await placedCase.query(messages.caseView)).agency).toBeNull();

  const closed = await handle.executeUpdate(messages.resolveReview, { args: [{ ...SUPERVISOR, kind: 'deceased', outcome: 'confirmed', reason: 'death certificate received' }] });
  expect(closed.closure).toMatchObject({ outcome: 'deceased', reason: 'deceased review resolved (confirmed): death certificate received' });
});
