// A transparent scorecard: points per bin of each feature on top of a base score,
// so every point of a case's score can be shown to a supervisor or an auditor. The
// scorecard is data with a version id, recorded with every assessment.
import { calendarDaysSince } from './delinquency';

export const SEGMENTS = ['low-risk', 'medium-risk', 'high-risk'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * Ability to pay is read from how much is owed and how far behind the debtor is;
 * willingness from behaviour: promises, answering contact, paying, past delinquency.
 */
export type Dimension = 'ability' | 'willingness';

export interface ScoringFeatures {
  dpd: number;
  /** outstanding / principal; above 1 when interest and fees outgrew what was lent. */
  outstandingRatio: number;
  /** Earlier delinquency episodes on this loan or debtor, cured or not. */
  priorDelinquencies: number;
  promisesKept: number;
  promisesBroken: number;
  /** Successful contacts / attempts; null before any attempt, which says nothing either way. */
  contactSuccessRate: number | null;
  /** Null when the debtor has never paid. */
  daysSinceLastPayment: number | null;
}
export type FeatureName = keyof ScoringFeatures;

/** Matches from <= value < below (no below: open-ended), or a missing (null) value. */
export type ScoreBin =
  | { label: string; points: number; from: number; below?: number }
  | { label: string; points: number; missing: true };

export interface Scorecard {
  id: string;
  baseScore: number;
  features: Record<FeatureName, { dimension: Dimension; bins: readonly ScoreBin[] }>;
  /** Lowest score of each better segment; anything below medium-risk is high-risk. */
  cutoffs: { 'low-risk': number; 'medium-risk': number };
}

export interface Contribution {
  feature: FeatureName;
  dimension: Dimension;
  value: number | null;
  bin: string;
  points: number;
}

export interface Assessment {
  scorecard: string;
  /** baseScore + the points of every contribution. */
  score: number;
  baseScore: number;
  segment: Segment;
  /** Sum of the ability contributions' points. */
  ability: number;
  /** Sum of the willingness contributions' points. */
  willingness: number;
  contributions: Contribution[];
}

export const DEFAULT_SCORECARD: Scorecard = {
  id: 'behaviour-v1',
  baseScore: 500,
  features: {
    dpd: {
      dimension: 'ability',
      bins: [
        { label: 'current', from: 0, below: 1, points: 40 },
        { label: '1-30 days', from: 1, below: 31, points: 20 },
        { label: '31-60 days', from: 31, below: 61, points: 0 },
        { label: '61-90 days', from: 61, below: 91, points: -30 },
        { label: '91-180 days', from: 91, below: 181, points: -60 },
        { label: 'over 180 days', from: 181, points: -90 },
      ],
    },
    outstandingRatio: {
      dimension: 'ability',
      bins: [
        { label: 'under 25% of principal', from: 0, below: 0.25, points: 40 },
        { label: '25-50% of principal', from: 0.25, below: 0.5, points: 20 },
        { label: '50-75% of principal', from: 0.5, below: 0.75, points: 0 },
        { label: '75-100% of principal', from: 0.75, below: 1, points: -20 },
        { label: 'principal or more', from: 1, points: -40 },
      ],
    },
    priorDelinquencies: {
      dimension: 'willingness',
      bins: [
        { label: 'none', from: 0, below: 1, points: 30 },
        { label: 'one', from: 1, below: 2, points: 10 },
        { label: '2-3', from: 2, below: 4, points: -15 },
        { label: '4 or more', from: 4, points: -40 },
      ],
    },
    promisesKept: {
      dimension: 'willingness',
      bins: [
        { label: 'none', from: 0, below: 1, points: 0 },
        { label: 'one', from: 1, below: 2, points: 20 },
        { label: '2 or more', from: 2, points: 40 },
      ],
    },
    promisesBroken: {
      dimension: 'willingness',
      bins: [
        { label: 'none', from: 0, below: 1, points: 0 },
        { label: 'one', from: 1, below: 2, points: -25 },
        { label: '2 or more', from: 2, points: -60 },
      ],
    },
    contactSuccessRate: {
      dimension: 'willingness',
      bins: [
        { label: 'not yet attempted', missing: true, points: 0 },
        { label: 'under 20%', from: 0, below: 0.2, points: -40 },
        { label: '20-50%', from: 0.2, below: 0.5, points: -10 },
        { label: '50-80%', from: 0.5, below: 0.8, points: 15 },
        { label: '80% or more', from: 0.8, points: 30 },
      ],
    },
    daysSinceLastPayment: {
      dimension: 'willingness',
      bins: [
        { label: 'never paid', missing: true, points: -50 },
        { label: 'within 30 days', from: 0, below: 31, points: 40 },
        { label: '31-90 days', from: 31, below: 91, points: 10 },
        { label: '91-180 days', from: 91, below: 181, points: -20 },
        { label: 'over 180 days', from: 181, points: -45 },
      ],
    },
  },
  cutoffs: { 'low-risk': 560, 'medium-risk': 460 },
};

function binMatches(bin: ScoreBin, value: number | null): boolean {
  if ('missing' in bin) return value === null;
  return value !== null && value >= bin.from && (bin.below === undefined || value < bin.below);
}

export function assess(features: ScoringFeatures, scorecard: Scorecard): Assessment {
  const contributions = (Object.keys(scorecard.features) as FeatureName[]).map((feature): Contribution => {
    const { dimension, bins } = scorecard.features[feature];
    const value = features[feature];
    const bin = bins.find((candidate) => binMatches(candidate, value));
    if (!bin) throw new RangeError(`scorecard ${scorecard.id} has no bin for ${feature} = ${value}`);
    return { feature, dimension, value, bin: bin.label, points: bin.points };
  });
  const pointsFor = (dimension: Dimension) =>
    contributions.filter((c) => c.dimension === dimension).reduce((sum, c) => sum + c.points, 0);
  const ability = pointsFor('ability');
  const willingness = pointsFor('willingness');
  const score = scorecard.baseScore + ability + willingness;
  const segment: Segment =
    score >= scorecard.cutoffs['low-risk'] ? 'low-risk' : score >= scorecard.cutoffs['medium-risk'] ? 'medium-risk' : 'high-risk';
  return { scorecard: scorecard.id, score, baseScore: scorecard.baseScore, segment, ability, willingness, contributions };
}

/** What the assessment activity knows about a case, before it becomes features. */
export interface CaseFacts {
  dpd: number;
  outstanding: number;
  principal: number;
  priorDelinquencies: number;
  promisesKept: number;
  promisesBroken: number;
  contactsSuccessful: number;
  contactAttempts: number;
  lastPaymentDate?: string;
  nowMs: number;
}

export function scoringFeatures(facts: CaseFacts): ScoringFeatures {
  if (facts.principal <= 0) throw new RangeError(`principal must be positive to score a case, got ${facts.principal}`);
  return {
    dpd: facts.dpd,
    outstandingRatio: facts.outstanding / facts.principal,
    priorDelinquencies: facts.priorDelinquencies,
    promisesKept: facts.promisesKept,
    promisesBroken: facts.promisesBroken,
    contactSuccessRate: facts.contactAttempts > 0 ? facts.contactsSuccessful / facts.contactAttempts : null,
    daysSinceLastPayment:
      facts.lastPaymentDate === undefined ? null : Math.max(0, calendarDaysSince(facts.lastPaymentDate, facts.nowMs)),
  };
}
