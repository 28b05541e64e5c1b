// The experiment statistics against values computed by hand (and checked with
// Python's math.erfc): Wilson intervals, the pooled z-test, the seeded bootstrap,
// the verdicts, and an arm's figures from set facts.
import {
  bootstrapRecoveryInterval,
  normalRecoveryInterval,
  seededRandom,
  twoProportionZTest,
  verdictOf,
  wilsonInterval,
} from '../../src/domain/experiment-statistics';
import { armFigures, testChallenger, DEFAULT_CONTACT_COSTS, type CaseExperimentFacts } from '../../src/domain/experiments';

const DAY = 86_400_000;

test('the Wilson interval of 60 of 100 is 0.5020 to 0.6906, of 0 of 10 is 0 to 0.2775', () => {
  const sixty = wilsonInterval(60, 100)!;
  expect(sixty.low).toBeCloseTo(0.5020026, 6);
  expect(sixty.high).toBeCloseTo(0.6905987, 6);
  const none = wilsonInterval(0, 10)!;
  expect(none.low).toBe(0);
  expect(none.high).toBeCloseTo(0.2775328, 6);
  expect(wilsonInterval(0, 0)).toBeNull();
});

test('the pooled z-test: 60/100 against 45/100 is z = 2.1240, p = 0.0337; equal rates are z = 0, p = 1', () => {
  // pooled 0.525; se = sqrt(0.525 · 0.475 · (1/100 + 1/100)) = 0.0706222; z = 0.15 / se.
  const better = twoProportionZTest(60, 100, 45, 100)!;
  expect(better.z).toBeCloseTo(2.1239770, 5);
  expect(better.p).toBeCloseTo(0.0336721, 5);
  const worse = twoProportionZTest(30, 100, 45, 100)!;
  expect(worse.z).toBeCloseTo(-2.1908902, 5);
  expect(worse.p).toBeCloseTo(0.0284597, 5);
  expect(twoProportionZTest(50, 100, 50, 100)).toEqual({ z: 0, p: 1 });
  const small = twoProportionZTest(52, 100, 48, 100)!;
  expect(small.p).toBeCloseTo(0.5716076, 5);
});

test('the verdict in words', () => {
  expect(verdictOf(twoProportionZTest(60, 100, 45, 100), 100, 100, 30).text).toBe('challenger better at p < 0.05');
  expect(verdictOf(twoProportionZTest(30, 100, 45, 100), 100, 100, 30).text).toBe('challenger worse at p < 0.05');
  expect(verdictOf(twoProportionZTest(52, 100, 48, 100), 100, 100, 30).text).toBe('no difference yet (p = 0.572)');
  expect(verdictOf(twoProportionZTest(20, 20, 5, 29), 20, 29, 30).text).toBe('too few cases (n = 20)');
  expect(verdictOf(null, 40, 40, 30).kind).toBe('no-difference');
});

test('the bootstrap is the same for the same seed, differs for another, and brackets the ratio', () => {
  const cases = Array.from({ length: 50 }, (_, i) => ({ recovered: i % 5 === 0 ? 1000 : i % 3 === 0 ? 300 : 0, balance: 1000 }));
  // Σ recovered = 10 · 1000 + 13 · 300 (multiples of 3 not of 5 below 50) = 13,900 of 50,000.
  const ratio = 13_900 / 50_000;
  const once = bootstrapRecoveryInterval(cases, 1000, 7)!;
  expect(bootstrapRecoveryInterval(cases, 1000, 7)).toEqual(once);
  expect(bootstrapRecoveryInterval(cases, 1000, 8)).not.toEqual(once);
  expect(once.low).toBeLessThan(ratio);
  expect(once.high).toBeGreaterThan(ratio);
  // With equal balances the ratio is a mean: its normal interval is p ± 1.96·s/√n, s the sample sd of the shares.
  const normal = normalRecoveryInterval(cases)!;
  const shares = cases.map((c) => c.recovered / c.balance);
  const sd = Math.sqrt(shares.reduce((sum, s) => sum + (s - ratio) ** 2, 0) / 49);
  expect(normal.low).toBeCloseTo(ratio - (1.959964 * sd) / Math.sqrt(50), 6);
  // The bootstrap and the normal interval agree to within a few points here.
  expect(Math.abs(once.low - normal.low)).toBeLessThan(0.04);
  expect(Math.abs(once.high - normal.high)).toBeLessThan(0.04);
});

/** n cases entered 100 days before now, `cured` of them paid up on day `day`, each owing 10,000. */
function arm(variant: string, n: number, cured: number, day: number): CaseExperimentFacts[] {
  return Array.from({ length: n }, (_, i) => ({
    strategyId: 's',
    version: 1,
    variant,
    enteredAtMs: 0,
    balanceAtEntry: 10_000,
    ...(i < cured && { outcome: 'paid' as const, closedAtMs: day * DAY }),
    payments: i < cured ? [{ amount: 10_000, atMs: day * DAY, byAgency: false }] : [],
    contacts: [{ channel: 'sms', atMs: DAY }, ...(i % 2 ? [{ channel: 'letter', atMs: 95 * DAY }] : [])],
  }));
}

test('an arm: cures by window, recovery, costs; and the challenger tested at the longest window both arms reached', () => {
  const now = 100 * DAY;
  const champion = armFigures('champion', arm('champion', 100, 45, 40), DEFAULT_CONTACT_COSTS, now);
  const challenger = armFigures('challenger', arm('challenger', 100, 60, 40), DEFAULT_CONTACT_COSTS, now);
  expect(challenger.windows.map((w) => [w.days, w.n, w.cured])).toEqual([[30, 100, 0], [60, 100, 60], [90, 100, 60]]);
  expect(challenger.windows[2].recovery.share).toBeCloseTo(0.6, 10);
  // 100 SMS at 5 each within 90 days; the letters on day 95 fall outside.
  expect(challenger.contacts).toEqual({ sms: 100 });
  expect(challenger.cost).toEqual({ total: 500, perCase: 5, perCure: 500 / 60 });
  const result = testChallenger(challenger, champion, 30);
  expect(result.days).toBe(90);
  expect(result.test!.z).toBeCloseTo(2.1239770, 5);
  expect(result.verdict.text).toBe('challenger better at p < 0.05');
  // 50 days in, only the 30-day window is reached, where nobody has cured yet.
  const early = testChallenger(
    armFigures('challenger', arm('challenger', 100, 60, 40), DEFAULT_CONTACT_COSTS, 50 * DAY),
    armFigures('champion', arm('champion', 100, 45, 40), DEFAULT_CONTACT_COSTS, 50 * DAY),
    30,
  );
  expect(early.days).toBe(30);
  expect(early.verdict.kind).toBe('no-difference');
});

test('with no real difference the test says better about 2.5% of the time, never most of the time; with a large one nearly always', () => {
  const random = seededRandom(2026);
  const draw = (n: number, rate: number) => Array.from({ length: n }, () => random() < rate).filter(Boolean).length;
  const verdicts = (challengerRate: number) =>
    Array.from({ length: 400 }, () => verdictOf(twoProportionZTest(draw(200, challengerRate), 200, draw(200, 0.4), 200), 200, 200, 30).kind);
  const nullRuns = verdicts(0.4);
  const better = nullRuns.filter((kind) => kind === 'better').length;
  expect(better).toBeGreaterThan(0);
  expect(better / 400).toBeLessThan(0.05);
  expect(nullRuns.filter((kind) => kind === 'no-difference').length / 400).toBeGreaterThan(0.9);
  // 0.55 against 0.40 on 200 a side: a power of about 0.9.
  expect(verdicts(0.55).filter((kind) => kind === 'better').length / 400).toBeGreaterThan(0.8);
});
