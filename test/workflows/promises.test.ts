// Promises to pay, on the time-skipping server with the case activities
// stubbed: a promise holds the ladder until its date; paid by then it is kept
// and nothing escalates, not paid it is broken and the case escalates at once.
import { DAY_MS } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { oneLadder } from '../support/cases';
import { isoDate } from '../support/loans';
import { caseScenarios, expectSoonAfter, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);
const DPD7 = ['dpd7-reminder-and-call sms @10', 'dpd7-reminder-and-call phone @10'];

test('a promise to pay holds the ladder; paid before its date it is kept and nothing escalates', async () => {
  const loan = await cases.loan('promise-kept', 10);
  const handle = await cases.open(loan, { record: 'promise-kept' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  // Due at the end of DPD 20: the DPD-15 letter waits for it.
  const promised = await handle.executeUpdate(messages.promiseToPay, { args: [{ ...SUPERVISOR, amount: 50_000, date: isoDate(now + 10 * DAY_MS) }] });
  expect(promised.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', amount: 50_000, actor: 'supervisor-7' })]);
  await suite.env.sleep('6 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);

  await handle.signal(messages.paymentReceived, { amount: 50_000, date: isoDate(now + 6 * DAY_MS), reference: 'promise-kept-1' });
  await suite.env.sleep('1 hour');
  const kept = await handle.query(messages.caseView);
  expect(kept).toMatchObject({ promisesKept: 1, promisesBroken: 0, holds: [], balance: 750_000 });
  // Released at DPD 16, the ladder does the treatment for where the case is.
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @16']);

  // Past the promise date nothing escalates: the next step waits for DPD 30.
  await suite.env.sleep('10 days');
  expect(cases.actionsOf(loan.loanId)).toHaveLength(3);
  const view = await handle.query(messages.caseView);
  expect(view).toMatchObject({ promisesKept: 1, promisesBroken: 0, nextAction: { atDpd: 30 } });
  const events = suite.stub.trail(handle.workflowId);
  expect(events.filter((event) => event.type === 'promise-kept').map((event) => event.reason)).toEqual(['promise of 50000 kept (50000 paid)']);
  expect(events.filter((event) => event.type === 'promise-broken' || event.reason.startsWith('escalated'))).toEqual([]);
});

test('a promise to pay not kept by its date is broken, and the case escalates to the next step right after', async () => {
  const loan = await cases.loan('promise-broken', 10);
  const handle = await cases.open(loan, { record: 'promise-broken' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  // Due at the end of DPD 13, before the DPD-15 letter.
  const date = isoDate(now + 3 * DAY_MS);
  await handle.executeUpdate(messages.promiseToPay, { args: [{ ...SUPERVISOR, amount: 50_000, date }] });
  await handle.signal(messages.paymentReceived, { amount: 20_000, date: isoDate(now), reference: 'promise-broken-1' });
  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ reason: 'promise to pay 50000 comes due' });

  await suite.env.sleep('2 days');
  // The DPD-15 step runs at DPD 14, as soon as the promise date has passed.
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @14']);
  const view = await handle.query(messages.caseView);
  expect(view).toMatchObject({ promisesKept: 0, promisesBroken: 1, holds: [] });
  const events = suite.stub.trail(handle.workflowId);
  const broken = events.find((event) => event.type === 'promise-broken');
  expect(broken).toMatchObject({ actor: 'system', reason: 'promise of 50000 broken (20000 paid by the date); escalating' });
  // The promise date's end: the next UTC midnight.
  expectSoonAfter(broken!.at, Date.parse(date) + DAY_MS);
  const escalated = events.find((event) => event.type === 'decision' && event.seq > broken!.seq);
  expect(escalated).toMatchObject({ actor: 'system', data: { dpd: 14 } });
  expect(escalated!.reason).toMatch(/^escalated by system \(promise of 50000 broken .*\): .*step dpd15-demand-letter for DPD 15 is due/);
});

test("an agent's report of a promise to pay holds the ladder as a supervisor's does, and the guard hears of the conversation", async () => {
  const callThenLetter = oneLadder('call-then-letter', [
    { id: 'dpd1-call', atDpd: 1, actions: [{ channel: 'phone', template: 'collection-call' }] },
    { id: 'dpd5-letter', atDpd: 5, actions: [{ channel: 'letter', template: 'demand-letter-1' }] },
  ]);
  const loan = await cases.loan('agent-promise', 1);
  const handle = await cases.open(loan, { strategy: callThenLetter });
  await suite.env.sleep('1 hour');
  const [call] = cases.requestsOf(loan.loanId);
  expect(call).toMatchObject({ step: 'dpd1-call', channel: 'phone' });
  const now = await suite.env.currentTimeMs();
  const promise = { amount: 30_000, date: isoDate(now + 7 * DAY_MS) };

  const report = { actor: 'agent-7', taskId: call.idempotencyKey, step: 'dpd1-call', outcome: 'promise-to-pay' as const, promise };
  await handle.signal(messages.taskOutcome, report);
  // The same report again is counted once.
  await handle.signal(messages.taskOutcome, report);
  await suite.observed.finish('recordTaskOutcome');
  const view = await handle.query(messages.caseView);
  expect(view.stepOutcomes['dpd1-call']).toBe('promise-to-pay');
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', actor: 'agent-7', amount: 30_000 })]);
  expect(suite.observed.inputs('recordTaskOutcome')).toEqual([{ taskId: call.idempotencyKey, contactOutcome: 'conversation', atMs: expect.any(Number) }]);

  // The DPD-5 letter waits for the promise date; broken, the case escalates to it then.
  await suite.env.sleep('6 days');
  expect(cases.stepsOf(loan.loanId)).toEqual(['dpd1-call']);
  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId).slice(1)).toEqual(['dpd5-letter letter @9']);
  expect(await handle.query(messages.caseView)).toMatchObject({ promisesBroken: 1, holds: [] });
});
