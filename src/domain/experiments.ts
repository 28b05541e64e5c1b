// A strategy experiment's figures per arm (strategy version, variant, cohort):
// from each case's facts (its assignment and balance at entry, its closure, its
// payments and contacts), the cure rates and the share recovered at 30, 60 and 90
// days after entry, the contacts' cost, and each challenger against the champion.
import { isCured, type CaseOutcome } from './case-contract';
import { DAY_MS } from './delinquency';
import {
  recoveryFigure,
  twoProportionZTest,
  verdictOf,
  wilsonInterval,
  type Interval,
  type RecoveryFigure,
  type Verdict,
  type ZTest,
} from './experiment-statistics';

/** Days after entry a cure and a recovery are measured at. */
export const EXPERIMENT_WINDOWS = [30, 60, 90] as const;
export type ExperimentWindow = (typeof EXPERIMENT_WINDOWS)[number];


/** What a contact costs, in minor units, and the agency's commission on what it collects. */
export interface ContactCosts {
  /** Per contact sent, by channel (sms, letter, phone, field-visit, court…); a channel not named costs nothing. */
  perContact: Record<string, number>;
  /** Share (0 to 1) of what an agency collects that it keeps. */
  agencyCommission: number;
}

export const DEFAULT_CONTACT_COSTS: ContactCosts = {
  // E-mail, push and messaging cost a fraction of an SMS; a court filing, fees and all, the most.
  perContact: { sms: 5, letter: 120, phone: 200, 'field-visit': 2500, court: 15000, email: 1, 'app-push': 1, im: 2 },
  agencyCommission: 0.25,
};

/** One case run's facts, as the records activity keeps them. Times are business epoch ms. */
export interface CaseExperimentFacts {
  strategyId: string;
  version: number;
  variant: string;
  enteredAtMs: number;
  balanceAtEntry: number;
  outcome?: CaseOutcome;
  closedAtMs?: number;
  payments: { amount: number; atMs: number; byAgency: boolean }[];
  contacts: { channel: string; atMs: number }[];
}

/** One window of an arm: the cases old enough to have reached it, their cures and the share of their balance recovered. */
export interface WindowFigures {
  days: ExperimentWindow;
  /** Cases entered at least `days` ago: only they can be judged at this window. */
  n: number;
  cured: number;
  cureRate: number | null;
  cureInterval: Interval | null;
  recovery: RecoveryFigure;
}

export interface ArmFigures {
  variant: string;
  /** Cases entered. */
  n: number;
  windows: WindowFigures[];
  /** Contacts made within 90 days of entry, by channel. */
  contacts: Record<string, number>;
  /** In minor units: contacts within 90 days and agency commission on what agencies collected within 90 days. */
  cost: { total: number; perCase: number | null; perCure: number | null };
}

export interface ChallengerTest {
  variant: string;
  days: ExperimentWindow;
  test: ZTest | null;
  verdict: Verdict;
}

const within = (facts: CaseExperimentFacts, atMs: number, days: number) => atMs - facts.enteredAtMs <= days * DAY_MS;

export function isCuredWithin(facts: CaseExperimentFacts, days: number): boolean {
  return isCured(facts.outcome) && facts.closedAtMs !== undefined && within(facts, facts.closedAtMs, days);
}

export function recoveredWithin(facts: CaseExperimentFacts, days: number): number {
  return facts.payments.reduce((sum, payment) => (within(facts, payment.atMs, days) ? sum + payment.amount : sum), 0);
}

/** What the case's contacts and its agency cost within 90 days of entry. */
export function contactCostOf(facts: CaseExperimentFacts, costs: ContactCosts): number {
  const horizon = EXPERIMENT_WINDOWS[EXPERIMENT_WINDOWS.length - 1];
  let cost = 0;
  for (const contact of facts.contacts) if (within(facts, contact.atMs, horizon)) cost += costs.perContact[contact.channel] ?? 0;
  for (const payment of facts.payments) if (payment.byAgency && within(facts, payment.atMs, horizon)) cost += payment.amount * costs.agencyCommission;
  return Math.round(cost);
}

/** An arm's figures as of `nowMs`, from its cases' facts. */
export function armFigures(variant: string, cases: readonly CaseExperimentFacts[], costs: ContactCosts, nowMs: number): ArmFigures {
  const windows = EXPERIMENT_WINDOWS.map((days): WindowFigures => {
    const matured = cases.filter((facts) => nowMs - facts.enteredAtMs >= days * DAY_MS);
    const cured = matured.filter((facts) => isCuredWithin(facts, days)).length;
    return {
      days,
      n: matured.length,
      cured,
      cureRate: matured.length ? cured / matured.length : null,
      cureInterval: wilsonInterval(cured, matured.length),
      recovery: recoveryFigure(matured.map((facts) => ({ recovered: recoveredWithin(facts, days), balance: facts.balanceAtEntry }))),
    };
  });
  const contacts: Record<string, number> = {};
  let total = 0;
  for (const facts of cases) {
    for (const contact of facts.contacts) if (within(facts, contact.atMs, 90)) contacts[contact.channel] = (contacts[contact.channel] ?? 0) + 1;
    total += contactCostOf(facts, costs);
  }
  const cures = windows[windows.length - 1].cured;
  return {
    variant,
    n: cases.length,
    windows,
    contacts,
    cost: { total, perCase: cases.length ? total / cases.length : null, perCure: cures ? total / cures : null },
  };
}

/**
 * The challenger against the champion on the cure rate, at the longest window at
 * which both arms have the minimum of cases (or at 30 days when none has): the
 * latest reading the data can support.
 */
export function testChallenger(challenger: ArmFigures, champion: ArmFigures, minimumPerArm: number): ChallengerTest {
  const pairs = EXPERIMENT_WINDOWS.map((_, i) => [challenger.windows[i], champion.windows[i]] as const);
  const judged = [...pairs].reverse().find(([a, b]) => Math.min(a.n, b.n) >= minimumPerArm) ?? pairs[0];
  const [a, b] = judged;
  const test = twoProportionZTest(a.cured, a.n, b.cured, b.n);
  return { variant: challenger.variant, days: a.days, test, verdict: verdictOf(test, a.n, b.n, minimumPerArm) };
}

/** The champion: the variant named so, else the one with the largest weight in the version, else the first. */
export function championOf(variants: readonly { name: string; weight: number }[], named?: string): string | undefined {
  if (named) return named;
  let best: { name: string; weight: number } | undefined;
  for (const variant of variants) if (!best || variant.weight > best.weight) best = variant;
  return best?.name;
}

/** 'YYYY-MM' of a business time. */
export const cohortOf = (atMs: number) => new Date(atMs).toISOString().slice(0, 7);

/** What a promoted version carries: where its champion came from, who promoted it and why, and the experiment's figures then. */
export interface StrategyPromotion {
  from: { version: number; variant: string; champion: string };
  reason: string;
  promotedBy: string;
  /** ISO-8601. */
  promotedAt: string;
  /** The experiment over every cohort of the version, as the report showed it when promoted. */
  figures: { asOf: string; variants: ArmFigures[]; test: ChallengerTest | null };
}
