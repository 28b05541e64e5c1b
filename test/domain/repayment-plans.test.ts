// Repayment plans as pure rules: the schedule adds up to the total exactly, the
// policy refuses what it forbids with a sentence, payments count cumulatively
// toward a schedule with grace, the re-age rule, and a re-age leaves nothing
// past due with the balance unchanged.
import {
  BUCKETS,
  DAY_MS,
  daysPastDue,
  DEFAULT_PLAN_POLICY,
  dueDateToMs,
  planPolicySchema,
  planProgress,
  planRefusal,
  planSchedule,
  reAgeAllowed,
  reAgeInstallments,
  validateStrategy,
  DEFAULT_STRATEGY,
  keepRestructuring,
  type Installment,
} from '../../src/domain';

const TODAY = '2026-11-16';
const terms = (extra: Partial<Parameters<typeof planSchedule>[0]> = {}) => ({ total: 100_000, payments: 3, firstDate: '2026-11-20', intervalDays: 30, ...extra });

describe('the schedule', () => {
  test('N payments every intervalDays from the first date, adding up to the total exactly', () => {
    const schedule = planSchedule(terms());
    expect(schedule).toEqual([
      { seq: 1, dueDate: '2026-11-20', amount: 33_334 },
      { seq: 2, dueDate: '2026-12-20', amount: 33_333 },
      { seq: 3, dueDate: '2027-01-19', amount: 33_333 },
    ]);
    for (const [total, payments] of [[1_000_001, 7], [12, 12], [99_999, 4]]) {
      const split = planSchedule(terms({ total, payments }));
      expect(split.reduce((sum, payment) => sum + payment.amount, 0)).toBe(total);
      expect(Math.max(...split.map((p) => p.amount)) - Math.min(...split.map((p) => p.amount))).toBeLessThanOrEqual(1);
    }
  });
});

describe('the policy', () => {
  test('allows a plan within its limits', () => {
    expect(planRefusal(DEFAULT_PLAN_POLICY, terms(), 'M2', TODAY)).toBeUndefined();
  });

  test('refuses too many payments, too long a term, too small a payment and an ineligible bucket, each with a sentence', () => {
    expect(planRefusal(DEFAULT_PLAN_POLICY, terms({ payments: 13, total: 1_300_000 }), 'M2', TODAY)).toEqual({
      code: 'PLAN_TOO_MANY_PAYMENTS',
      message: "13 payments is more than the policy's 12",
    });
    expect(planRefusal(DEFAULT_PLAN_POLICY, terms({ payments: 12, intervalDays: 40, total: 1_200_000 }), 'M2', TODAY)).toEqual({
      code: 'PLAN_TERM_TOO_LONG',
      message: 'the last payment on 2028-02-03 is 444 days away; the policy allows at most 365',
    });
    expect(planRefusal(DEFAULT_PLAN_POLICY, terms({ total: 20_000 }), 'M2', TODAY)).toEqual({
      code: 'PLAN_PAYMENT_TOO_SMALL',
      message: "a payment of 6666 is below the policy's smallest payment of 10000",
    });
    expect(planRefusal(DEFAULT_PLAN_POLICY, terms(), 'M7+', TODAY)).toEqual({
      code: 'PLAN_BUCKET_NOT_ELIGIBLE',
      message: 'a plan is not offered in bucket M7+; the policy allows it in M1, M2, M3, M4, M5, M6',
    });
  });

  test('is data: the schema takes bucket names only, and a strategy may carry one', () => {
    expect(planPolicySchema.safeParse({ ...DEFAULT_PLAN_POLICY, eligibleBuckets: ['M9'] }).success).toBe(false);
    expect(planPolicySchema.safeParse({ ...DEFAULT_PLAN_POLICY, eligibleBuckets: BUCKETS.map((b) => b.name) }).success).toBe(true);
    const withPolicy = { ...DEFAULT_STRATEGY, repaymentPlans: { ...DEFAULT_PLAN_POLICY, maxPayments: 6 } };
    expect(validateStrategy(withPolicy)).toMatchObject({ ok: true, strategy: { repaymentPlans: { maxPayments: 6 } } });
    expect(validateStrategy({ ...DEFAULT_STRATEGY, repaymentPlans: { ...DEFAULT_PLAN_POLICY, graceDays: -1 } })).toMatchObject({
      ok: false,
      errors: [{ path: 'repaymentPlans.graceDays' }],
    });
  });
});

describe('progress against the schedule', () => {
  const schedule = planSchedule(terms());
  const at = (date: string, hours = 0) => dueDateToMs(date) + hours * 3_600_000;

  test('payments count cumulatively, oldest first; a payment is due on its day and upcoming before', () => {
    const progress = planProgress(schedule, 40_000, 3, at('2026-12-20', 10));
    expect(progress.payments.map((p) => [p.status, p.paid])).toEqual([
      ['paid', 33_334],
      ['due', 6_666],
      ['upcoming', 0],
    ]);
    expect(progress).toMatchObject({ made: 1, complete: false, next: { seq: 2 }, missed: undefined });
    expect(progress.payments[1].graceEndsAt).toBe('2026-12-24T00:00:00.000Z');
  });

  test('a payment not made by the end of its grace is missed; made in full, the plan is complete', () => {
    expect(planProgress(schedule, 40_000, 3, at('2026-12-23', 23)).missed).toBeUndefined();
    expect(planProgress(schedule, 40_000, 3, at('2026-12-24')).missed).toMatchObject({ seq: 2, status: 'missed', paid: 6_666 });
    expect(planProgress(schedule, 100_000, 3, at('2027-06-01'))).toMatchObject({ made: 3, complete: true, next: undefined, missed: undefined });
  });
});

describe('re-aging', () => {
  test('after enough consecutive payments, at most once in the window', () => {
    expect(reAgeAllowed(DEFAULT_PLAN_POLICY, 3, undefined, TODAY)).toEqual({ allowed: true, reason: '3 consecutive payments made, never re-aged before' });
    expect(reAgeAllowed(DEFAULT_PLAN_POLICY, 2, undefined, TODAY)).toEqual({ allowed: false, reason: '2 consecutive payments, the policy re-ages after 3' });
    expect(reAgeAllowed(DEFAULT_PLAN_POLICY, 6, '2026-02-01', TODAY)).toEqual({
      allowed: false,
      reason: 'the loan was re-aged on 2026-02-01, and the policy re-ages at most once in 12 months (again from 2027-02-01)',
    });
    expect(reAgeAllowed(DEFAULT_PLAN_POLICY, 6, '2025-11-16', TODAY).allowed).toBe(true);
  });

  test('moves what is due by the day to the next installment, so nothing is past due and the balance is the same', () => {
    // Monthly installments of 100 000 on the 15th, from September: the first paid, 40 000 of the second.
    const installments: Installment[] = [100_000, 40_000, 0, 0].map((amountPaid, i) => ({ seq: i + 1, dueDate: `2026-${9 + i}-15`.replace(/-(\d)-/, '-0$1-'), amountDue: 100_000, amountPaid }));
    const { installments: reAged, moved } = reAgeInstallments(installments, TODAY);
    expect(moved).toBe(160_000);
    expect(reAged).toEqual([
      installments[0],
      { seq: 2, dueDate: '2026-10-15', amountDue: 40_000, amountPaid: 40_000 },
      { seq: 3, dueDate: '2026-11-15', amountDue: 0, amountPaid: 0 },
      { seq: 4, dueDate: '2026-12-15', amountDue: 260_000, amountPaid: 0 },
    ]);
    const owed = (list: Installment[]) => list.reduce((sum, i) => sum + i.amountDue - i.amountPaid, 0);
    expect(owed(reAged)).toBe(owed(installments));
    expect(daysPastDue(reAged, dueDateToMs(TODAY) + DAY_MS - 1)).toBe(0);
  });

  test('with no later installment, a new one takes the amount intervalDays on', () => {
    const installments: Installment[] = [{ seq: 1, dueDate: '2026-10-15', amountDue: 100_000, amountPaid: 0 }];
    expect(reAgeInstallments(installments, TODAY, 30).installments).toEqual([
      { seq: 1, dueDate: '2026-10-15', amountDue: 0, amountPaid: 0 },
      { seq: 2, dueDate: '2026-12-16', amountDue: 100_000, amountPaid: 0 },
    ]);
    expect(reAgeInstallments([installments[0], { ...installments[0], seq: 2, dueDate: '2027-01-01', amountPaid: 0 }], '2026-09-01').moved).toBe(0);
  });
});

test('a loan the loan system sends again keeps the restructuring the case knows of, unless it carries a later one', () => {
  type Dates = { loanId: string; restructuredOn?: string; lastReAgedOn?: string };
  const known: Dates = { loanId: 'L1', restructuredOn: '2026-11-16', lastReAgedOn: '2026-11-16' };
  expect(keepRestructuring({ loanId: 'L1' }, known)).toEqual(known);
  expect(keepRestructuring({ loanId: 'L1', restructuredOn: '2026-12-01' }, known)).toEqual({ ...known, restructuredOn: '2026-12-01' });
  expect(keepRestructuring<Dates>({ loanId: 'L1' }, { loanId: 'L1' })).toEqual({ loanId: 'L1' });
});
