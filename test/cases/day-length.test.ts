// The configurable day length on a real dev server (no time skipping): with a
// one-second business day, a case walks its ladder in wall-clock seconds, and every
// step still lands on its DPD, give or take the server's timer precision (under a
// second, so at most a business day here; days of 5 s or more stay exact to the day).
import { businessTime, DEFAULT_STRATEGY, type ActionRequest, type ActionResult } from '../../src/domain';
import { openCase } from '../../src/temporal/cases';
import { businessClock } from '../../src/temporal/clock';
import { caseView } from '../../src/workflows/collection-case/messages';
import { TEST_TASK_QUEUE } from '../support/temporal';
import { loanIdsInVariant, originForLocalTime } from '../support/cases';
import { bookLoans } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

const suite = caseSuite({ server: 'dev-server' });

test('a short business day runs the first week of the ladder in seconds, each step at its DPD', async () => {
  // What went out. On a busy machine a timer can fire a few business hours late (an hour is 42 ms
  // here), into the debtor's quiet hours; the guard then defers the attempt and it is asked again.
  const sent = () =>
    suite.observed.finished
      .filter((call) => call.name === 'performAction' && (call.output as ActionResult | undefined)?.status === 'sent')
      .map((call) => call.input as ActionRequest);
  const [loanId] = loanIdsInVariant('short-day', 'champion', 1);

  // Business time starts now, with the worker already polling, at 10:00 for the debtor so no contact waits for quiet hours to end.
  const wallNow = Date.now();
  const origin = new Date(originForLocalTime(1000, 'Asia/Shanghai', 10, wallNow));
  const clock = businessClock({ ARREARS_DAY_LENGTH: 1000, ARREARS_TIME_ORIGIN: origin.toISOString() });
  const loan = overdueLoan({ loanId, nowMs: businessTime(clock, wallNow), daysPastDue: 1, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 });
  await bookLoans(suite.db.connection, [loan]);
  const handle = await openCase(suite.env.client, { loan, strategy: DEFAULT_STRATEGY, clock, openedBy: 'test', taskQueue: TEST_TASK_QUEUE });
  // DPD 7 is 6 business days after the start: 6 s of wall time. Done once both actions of the DPD-7 step have gone out.
  await suite.observed.finish('performAction', () => sent().filter((request) => request.step === 'dpd7-reminder-and-call').length === 2);
  const wentOut = sent();
  const view = await handle.query(caseView);
  await handle.terminate('test over');

  expect(wentOut.map((request) => request.step)).toEqual([
    'dpd1-reminder',
    'dpd3-courtesy-call',
    'dpd7-reminder-and-call',
    'dpd7-reminder-and-call',
  ]);
  const ladder = DEFAULT_STRATEGY.variants[0].segments['medium-risk'].ladder;
  for (const request of wentOut) {
    const { atDpd } = ladder.find((step) => step.id === request.step)!;
    expect(request.daysPastDue).toBeGreaterThanOrEqual(atDpd);
    expect(request.daysPastDue).toBeLessThanOrEqual(atDpd + 1);
  }
  // The DPD-7 step may still be finishing when the query runs; the earlier ones are done.
  expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd1-reminder', 'dpd3-courtesy-call']));
});
