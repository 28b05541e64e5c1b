// The settlement policy as data and its checks: a discount's size decides whether a
// second person must approve it, the largest discount and the latest date refuse
// with a sentence, a hardship hold is no longer than the policy's longest, and the
// four-eyes rule refuses the proposer's own approval.
import {
  checkHardshipHold,
  checkSettlementOffer,
  DEFAULT_SETTLEMENT_POLICY,
  DEFAULT_STRATEGY,
  discountPercentOf,
  fourEyesRefusal,
  settlementPolicySchema,
  validateStrategy,
} from '../../src/domain';

const NOW = Date.parse('2026-11-16T03:00:00.000Z');
const offer = (amount: number, by = '2026-12-10') => checkSettlementOffer(DEFAULT_SETTLEMENT_POLICY, { balance: 800_000, amount, by, businessNowMs: NOW });

test('a discount up to the threshold is offered at once; above it a second person approves; the date ends at the end of its day', () => {
  expect(offer(640_000)).toEqual({ ok: true, discountPercent: 20, needsApproval: false, dueMs: Date.parse('2026-12-11T00:00:00.000Z') });
  expect(offer(639_999)).toMatchObject({ ok: true, discountPercent: 20, needsApproval: true });
  expect(offer(320_000)).toMatchObject({ ok: true, discountPercent: 60, needsApproval: true });
  expect(discountPercentOf(300_000, 200_000)).toBe(33.33);
});

test('the policy refuses with a sentence: too large a discount, no discount at all, a date too far or passed', () => {
  expect(offer(319_999)).toEqual({
    ok: false,
    refusal: { code: 'DISCOUNT_TOO_LARGE', message: "a discount of 60% of the balance 800000 is more than the policy's largest, 60%: offer at least 320000" },
  });
  expect(offer(800_000)).toMatchObject({ ok: false, refusal: { code: 'INVALID_COMMAND', message: 'amount 800000 must be less than the outstanding balance 800000: a settlement is a discount' } });
  expect(offer(0)).toMatchObject({ ok: false, refusal: { code: 'INVALID_COMMAND' } });
  expect(offer(700_000, '2026-12-17')).toEqual({
    ok: false,
    refusal: { code: 'DATE_TOO_FAR', message: 'by 2026-12-17 is later than the policy allows for a settlement: at most 30 days, by 2026-12-16' },
  });
  expect(offer(700_000, '2026-12-16')).toMatchObject({ ok: true });
  expect(offer(700_000, '2026-11-15')).toMatchObject({ ok: false, refusal: { code: 'DATE_PASSED', message: 'by 2026-11-15 has already passed' } });
  // Today still counts: the offer lapses at the end of the day.
  expect(offer(700_000, '2026-11-16')).toMatchObject({ ok: true });
  expect(offer(700_000, '2026-02-30')).toMatchObject({ ok: false, refusal: { code: 'INVALID_COMMAND', message: 'by "2026-02-30" is not a YYYY-MM-DD date' } });
});

test('a hardship hold lasts at most the policy longest; the four-eyes rule refuses only the proposer', () => {
  expect(checkHardshipHold(DEFAULT_SETTLEMENT_POLICY, { until: '2027-02-14', businessNowMs: NOW })).toEqual({ ok: true, dueMs: Date.parse('2027-02-15T00:00:00.000Z') });
  expect(checkHardshipHold(DEFAULT_SETTLEMENT_POLICY, { until: '2027-02-15', businessNowMs: NOW })).toMatchObject({ ok: false, refusal: { code: 'DATE_TOO_FAR' } });
  expect(fourEyesRefusal('supervisor-li', 'supervisor-wang')).toBeUndefined();
  expect(fourEyesRefusal('supervisor-li', 'supervisor-li')).toMatch(/^supervisor-li proposed this settlement and cannot approve it too/);
});

test('the policy is data on the strategy: checked with the path of a bad field; absent, the default', () => {
  expect(settlementPolicySchema.safeParse(DEFAULT_SETTLEMENT_POLICY).success).toBe(true);
  const tight = { approvalAbovePercent: 10, maxDiscountPercent: 30, maxDaysToPay: 14, hardship: { maxHoldDays: 30 } };
  expect(validateStrategy({ ...DEFAULT_STRATEGY, settlements: tight })).toMatchObject({ ok: true, strategy: { settlements: tight } });
  expect(validateStrategy({ ...DEFAULT_STRATEGY, settlements: { ...tight, approvalAbovePercent: 40 } })).toEqual({
    ok: false,
    errors: [{ path: 'settlements.approvalAbovePercent', message: 'the approval threshold must not exceed the largest discount' }],
  });
  expect(validateStrategy({ ...DEFAULT_STRATEGY, settlements: { ...tight, hardship: {} } })).toMatchObject({ ok: false, errors: [{ path: 'settlements.hardship.maxHoldDays' }] });
  expect(validateStrategy(DEFAULT_STRATEGY)).toMatchObject({ ok: true });
  expect('settlements' in DEFAULT_STRATEGY).toBe(false);
});
