// The default strategy over 180 days, on the time-skipping server with a real
// worker and the real MongoDB-compatible server: which actions happen at which
// DPD, each exactly once, for every segment.
import { DEFAULT_STRATEGY, FIELD_VISIT_MIN_BALANCE, type ActionRequest } from '../../src/domain';
import { caseView } from '../../src/workflows/collection-case/messages';
import { contactModel } from '../../src/db/contacts';
import { loanIdsInVariant, openTestCase, sleepUntilLocalTime } from '../support/cases';
import { bookLoans, TEST_ONLINE_CONTACT } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { recordHistory } from '../support/histories';
import { caseSuite } from '../support/suites';

const suite = caseSuite();
const performed = () => suite.observed.inputs<ActionRequest>('performAction');

/** step id → the DPDs at which its actions ran, and the channels. */
function stepsOf(loanId: string) {
  const steps = new Map<string, { dpds: Set<number>; channels: string[] }>();
  for (const request of performed().filter((r) => r.loanId === loanId)) {
    const step = steps.get(request.step) ?? { dpds: new Set<number>(), channels: [] };
    step.dpds.add(request.daysPastDue);
    step.channels.push(request.channel);
    steps.set(request.step, step);
  }
  return steps;
}

test('each segment walks its ladder to DPD 180, every step once, at its DPD', async () => {
  // Mid-morning for the debtors, so no first contact waits for quiet hours to end.
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const [low, medium, high, smallBalance, challenger] = [
    ...loanIdsInVariant('ladder-low', 'champion', 1),
    ...loanIdsInVariant('ladder-medium', 'champion', 1),
    ...loanIdsInVariant('ladder-high', 'champion', 1),
    ...loanIdsInVariant('ladder-small', 'champion', 1),
    ...loanIdsInVariant('ladder-challenger', 'sms-early-stage', 1),
  ];
  const loans = {
    // Recent payment, a small share of principal left: low risk.
    [low]: overdueLoan({ loanId: low, nowMs: now, daysPastDue: 1, principal: 4_000_000, outstanding: 900_000, lastPaymentDaysAgo: 10 }),
    // Most of the principal left, paid a while ago: medium risk.
    [medium]: overdueLoan({ loanId: medium, nowMs: now, daysPastDue: 1, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 }),
    // Owes more than it borrowed, never paid, late before: high risk.
    [high]: overdueLoan({ loanId: high, nowMs: now, daysPastDue: 1, principal: 500_000, outstanding: 600_000, priorDelinquencies: 3 }),
    [smallBalance]: overdueLoan({ loanId: smallBalance, nowMs: now, daysPastDue: 1, principal: 250_000, outstanding: 200_000, lastPaymentDaysAgo: 45 }),
    [challenger]: overdueLoan({ loanId: challenger, nowMs: now, daysPastDue: 1, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 }),
  };

  // Debtors reachable online too: the early stage e-mails, pushes and messages them.
  await bookLoans(suite.db.connection, Object.values(loans), TEST_ONLINE_CONTACT);

  const handles = await Promise.all(Object.values(loans).map((loan) => openTestCase(suite.env, loan)));
  const first = await Promise.all(handles.map((handle) => handle.query(caseView)));
  await suite.env.sleep('181 days');
  const last = await Promise.all(handles.map((handle) => handle.query(caseView)));
  const names = ['low-risk', 'medium-risk', 'high-risk', 'small-balance', 'challenger'];
  for (const [i, handle] of handles.entries()) {
    await recordHistory(handle, `ladder-${names[i]}`, `the default ladder to DPD 180, ${names[i]} (still open)`);
  }

  expect(first.map((view) => view.segment)).toEqual(['low-risk', 'medium-risk', 'high-risk', 'medium-risk', 'medium-risk']);
  const late = ['dpd7-reminder-and-call', 'dpd15-demand-letter', 'dpd30-second-demand'];
  const end = ['dpd90-final-demand', 'dpd120-court-filing', 'dpd180-write-off-review'];
  const expected: Record<string, string[]> = {
    [low]: ['dpd1-reminder', 'dpd3-im-reminder', ...late, 'dpd60-field-visit', ...end],
    [medium]: ['dpd1-reminder', 'dpd3-courtesy-call', ...late, 'dpd60-field-visit', ...end],
    [high]: ['dpd1-reminder', 'dpd3-courtesy-call', ...late, 'dpd60-field-visit', ...end],
    [smallBalance]: ['dpd1-reminder', 'dpd3-courtesy-call', ...late, 'dpd60-agency-placement', ...end],
    [challenger]: ['dpd1-reminder', 'dpd5-second-reminder', ...late, 'dpd60-field-visit', ...end],
  };
  expect(loans[smallBalance].outstanding).toBeLessThan(FIELD_VISIT_MIN_BALANCE);
  expect(loans[medium].outstanding).toBeGreaterThanOrEqual(FIELD_VISIT_MIN_BALANCE);

  for (const [loanId, stepIds] of Object.entries(expected)) {
    const steps = stepsOf(loanId);
    expect([...steps.keys()]).toEqual(stepIds);
    const variant = loanId === challenger ? DEFAULT_STRATEGY.variants[1] : DEFAULT_STRATEGY.variants[0];
    const ladder = Object.values(variant.segments).flatMap((segment) => segment.ladder);
    for (const [stepId, { dpds, channels }] of steps) {
      const step = ladder.find((candidate) => candidate.id === stepId)!;
      // Every action of the step ran once, all at the step's DPD.
      expect([...dpds]).toEqual([step.atDpd]);
      expect(channels.length).toBe(new Set(channels).size);
    }
  }
  // Online first: a push and an e-mail at DPD 1, a message at DPD 3; the high-risk ladder calls from day one too.
  expect(stepsOf(high).get('dpd1-reminder')!.channels).toEqual(['app-push', 'email', 'phone']);
  expect(stepsOf(low).get('dpd1-reminder')!.channels).toEqual(['app-push', 'email']);
  expect(stepsOf(low).get('dpd3-im-reminder')!.channels).toEqual(['im']);
  expect(stepsOf(medium).get('dpd3-courtesy-call')!.channels).toEqual(['im', 'phone']);
  expect(stepsOf(challenger).get('dpd1-reminder')!.channels).toEqual(['sms']);

  // The contact log holds each action once, under its idempotency key.
  const logged = await contactModel(suite.db.connection).countDocuments({ loanId: { $in: Object.keys(loans) } });
  expect(logged).toBe(performed().filter((r) => r.loanId in loans).length);
  for (const view of last) {
    expect(view.status).toBe('open');
    // A query sees the case as of its last turn: the DPD-180 wake.
    expect(view.daysPastDue).toBe(180);
    expect(view.nextAction).toBeNull();
  }
});
