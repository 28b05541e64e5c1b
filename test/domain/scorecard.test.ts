import { assess, DEFAULT_SCORECARD, scoringFeatures, type ScoringFeatures } from '../../src/domain';

const reliable: ScoringFeatures = {
  dpd: 5,
  outstandingRatio: 0.3,
  priorDelinquencies: 0,
  promisesKept: 1,
  promisesBroken: 0,
  contactSuccessRate: 0.9,
  daysSinceLastPayment: 20,
};

const evasive: ScoringFeatures = {
  dpd: 45,
  outstandingRatio: 0.95,
  priorDelinquencies: 4,
  promisesKept: 0,
  promisesBroken: 2,
  contactSuccessRate: 0.1,
  daysSinceLastPayment: null,
};

describe('assess', () => {
  it.each([
    ['reliable', reliable],
    ['evasive', evasive],
  ])('%s: contributions add up to the score', (_, features) => {
    const result = assess(features, DEFAULT_SCORECARD);
    const points = result.contributions.reduce((sum, c) => sum + c.points, 0);
    expect(result.score).toBe(DEFAULT_SCORECARD.baseScore + points);
    expect(result.ability + result.willingness).toBe(points);
  });

  it('explains every feature once, with its value, bin and dimension', () => {
    const result = assess(reliable, DEFAULT_SCORECARD);
    expect(result.contributions.map((c) => c.feature).sort()).toEqual(Object.keys(reliable).sort());
    expect(result.contributions.find((c) => c.feature === 'dpd')).toEqual({
      feature: 'dpd',
      dimension: 'ability',
      value: 5,
      bin: '1-30 days',
      points: 20,
    });
    expect(result.contributions.find((c) => c.feature === 'promisesBroken')?.dimension).toBe('willingness');
  });

  it('scores a clearly better debtor higher and segments them apart', () => {
    const good = assess(reliable, DEFAULT_SCORECARD);
    const bad = assess(evasive, DEFAULT_SCORECARD);
    expect(good.score).toBeGreaterThan(bad.score);
    expect(good.ability).toBeGreaterThan(bad.ability);
    expect(good.willingness).toBeGreaterThan(bad.willingness);
    expect(good.segment).toBe('low-risk');
    expect(bad.segment).toBe('high-risk');
    expect(good.scorecard).toBe(DEFAULT_SCORECARD.id);
  });

  it('puts a score at a cut-off in the better segment', () => {
    const atMedium = { ...DEFAULT_SCORECARD, cutoffs: { 'low-risk': 9_999, 'medium-risk': assess(reliable, DEFAULT_SCORECARD).score } };
    expect(assess(reliable, atMedium).segment).toBe('medium-risk');
    const justBelow = { ...atMedium, cutoffs: { ...atMedium.cutoffs, 'medium-risk': atMedium.cutoffs['medium-risk'] + 1 } };
    expect(assess(reliable, justBelow).segment).toBe('high-risk');
  });

  it('uses the missing bins for no contact attempts and no payment ever', () => {
    const result = assess({ ...reliable, contactSuccessRate: null, daysSinceLastPayment: null }, DEFAULT_SCORECARD);
    expect(result.contributions.find((c) => c.feature === 'contactSuccessRate')?.bin).toBe('not yet attempted');
    expect(result.contributions.find((c) => c.feature === 'daysSinceLastPayment')?.bin).toBe('never paid');
  });

  it('refuses a value no bin covers instead of scoring it silently', () => {
    expect(() => assess({ ...reliable, dpd: -3 }, DEFAULT_SCORECARD)).toThrow(/no bin for dpd = -3/);
  });
});

describe('scoringFeatures', () => {
  const facts = {
    dpd: 12,
    outstanding: 300_000,
    principal: 1_200_000,
    priorDelinquencies: 1,
    promisesKept: 2,
    promisesBroken: 1,
    contactsSuccessful: 3,
    contactAttempts: 4,
    lastPaymentDate: '2024-03-01',
    nowMs: Date.parse('2024-03-11T09:00:00Z'),
  };

  it('derives the ratios and days from case facts', () => {
    expect(scoringFeatures(facts)).toEqual({
      dpd: 12,
      outstandingRatio: 0.25,
      priorDelinquencies: 1,
      promisesKept: 2,
      promisesBroken: 1,
      contactSuccessRate: 0.75,
      daysSinceLastPayment: 10,
    });
  });

  it('leaves contact rate and last payment missing when there is nothing to measure', () => {
    const features = scoringFeatures({ ...facts, contactAttempts: 0, contactsSuccessful: 0, lastPaymentDate: undefined });
    expect(features.contactSuccessRate).toBeNull();
    expect(features.daysSinceLastPayment).toBeNull();
  });

  it('rejects a zero principal', () => {
    expect(() => scoringFeatures({ ...facts, principal: 0 })).toThrow(RangeError);
  });
});
