// The statistics of a champion/challenger experiment: Wilson intervals for cure
// rates, the pooled two-proportion z-test, intervals for the share of the balance
// recovered (a seeded bootstrap, or the ratio estimator's normal approximation on
// large arms), and the verdict in words. Pure and deterministic: the same cases
// give the same figures on every call, so a report can be checked by hand.

/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** erfc(x), Numerical Recipes' Chebyshev fit (erfcc): fractional error below 1.2e-7 everywhere. */
export function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/** P(|Z| ≥ |z|) for a standard normal Z. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Wilson's score interval for `successes` of `n`; null when n is 0. Stays within [0, 1] and is sound near 0 and 1, unlike the Wald interval. */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ZTest {
  /** (challenger rate − champion rate) / pooled standard error: positive when the challenger cures more. */
  z: number;
  /** Two-sided. */
  p: number;
}

/** The pooled two-proportion z-test of a challenger's x1 of n1 against a champion's x2 of n2; null when either arm is empty or nobody (or everybody) cured in both. */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: twoSidedP(z) };
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1); the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One case's amount recovered (y) out of its balance at entry (x). */
export interface Recovery {
  recovered: number;
  balance: number;
}

const ratioOf = (cases: readonly Recovery[]) => {
  let recovered = 0;
  let balance = 0;
  for (const one of cases) {
    recovered += one.recovered;
    balance += one.balance;
  }
  return balance > 0 ? recovered / balance : 0;
};

/**
 * The percentile bootstrap interval of Σrecovered / Σbalance: `resamples` draws
 * of n cases with replacement from a generator seeded with `seed`, so the interval
 * is the same on every call.
 */
export function bootstrapRecoveryInterval(cases: readonly Recovery[], resamples = 1000, seed = 14): Interval | null {
  const n = cases.length;
  if (n === 0) return null;
  const random = seededRandom(seed);
  const ratios = new Float64Array(resamples);
  for (let draw = 0; draw < resamples; draw++) {
    let recovered = 0;
    let balance = 0;
    for (let i = 0; i < n; i++) {
      const one = cases[Math.floor(random() * n)];
      recovered += one.recovered;
      balance += one.balance;
    }
    ratios[draw] = balance > 0 ? recovered / balance : 0;
  }
  ratios.sort();
  const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { low: at(0.025), high: at(0.975) };
}

/**
 * The ratio estimator's normal interval (the delta method): R ± z·sd(yᵢ − R·xᵢ)/(√n·x̄).
 * On thousands of cases it agrees with the bootstrap, at the cost of one pass.
 */
export function normalRecoveryInterval(cases: readonly Recovery[], z = Z_95): Interval | null {
  const n = cases.length;
  if (n < 2) return null;
  const ratio = ratioOf(cases);
  let balance = 0;
  let squares = 0;
  for (const one of cases) {
    balance += one.balance;
    const residual = one.recovered - ratio * one.balance;
    squares += residual * residual;
  }
  const meanBalance = balance / n;
  if (meanBalance <= 0) return null;
  const half = (z * Math.sqrt(squares / (n - 1))) / (Math.sqrt(n) * meanBalance);
  return { low: Math.max(0, ratio - half), high: ratio + half };
}

/** Arms up to this many cases get the bootstrap; larger ones the normal approximation, which is as good there and a thousand times cheaper. */
export const BOOTSTRAP_MAX_CASES = 1000;

export interface RecoveryFigure {
  /** Σ recovered / Σ balance at entry. */
  share: number;
  interval: Interval | null;
  method: 'bootstrap' | 'normal';
}

/** The share recovered and its 95% interval, by the bootstrap on small arms and the normal approximation on large ones. */
export function recoveryFigure(cases: readonly Recovery[], seed = 14): RecoveryFigure {
  const bootstrap = cases.length <= BOOTSTRAP_MAX_CASES;
  return {
    share: ratioOf(cases),
    interval: bootstrap ? bootstrapRecoveryInterval(cases, 1000, seed) : normalRecoveryInterval(cases),
    method: bootstrap ? 'bootstrap' : 'normal',
  };
}

export type VerdictKind = 'better' | 'worse' | 'no-difference' | 'too-few';

export interface Verdict {
  kind: VerdictKind;
  /** The sentence a strategy owner reads. */
  text: string;
}

/** Two-sided significance level of the verdict. */
export const SIGNIFICANCE = 0.05;

const formatP = (p: number) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

/** What the test says in words, given the arms' sizes and the minimum a verdict needs in each arm. */
export function verdictOf(test: ZTest | null, challengerN: number, championN: number, minimumPerArm: number): Verdict {
  const smaller = Math.min(challengerN, championN);
  if (smaller < minimumPerArm || smaller === 0) return { kind: 'too-few', text: `too few cases (n = ${smaller})` };
  // Everybody (or nobody) cured in both arms: nothing tells them apart.
  if (!test) return { kind: 'no-difference', text: 'no difference yet (p = 1.000)' };
  if (test.p < SIGNIFICANCE) {
    return test.z > 0 ? { kind: 'better', text: 'challenger better at p < 0.05' } : { kind: 'worse', text: 'challenger worse at p < 0.05' };
  }
  return { kind: 'no-difference', text: `no difference yet (p ${formatP(test.p)})` };
}
