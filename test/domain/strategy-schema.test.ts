import { DEFAULT_STRATEGY_V1 as DEFAULT_STRATEGY, validateStrategy, type Strategy } from '../../src/domain';

// A deep copy the test may break without touching the shipped strategy.
const draft = (): Strategy => JSON.parse(JSON.stringify(DEFAULT_STRATEGY));

const errorsOf = (json: unknown) => {
  const result = validateStrategy(json);
  if (result.ok) throw new Error('expected the strategy to be rejected');
  return result.errors;
};

describe('validateStrategy', () => {
  it('accepts the default strategy and returns it parsed', () => {
    const result = validateStrategy(draft());
    expect(result.ok).toBe(true);
    expect(result.ok && result.strategy).toEqual(DEFAULT_STRATEGY);
  });

  it('names the path of a step that breaks the ascending order', () => {
    const strategy = draft();
    const ladder = strategy.variants[0].segments['high-risk'].ladder;
    const dpd7 = ladder.findIndex((step) => step.id === 'dpd7-reminder-and-call');
    ladder[dpd7].atDpd = 2;
    expect(errorsOf(strategy)).toEqual([
      {
        path: `variants.0.segments.high-risk.ladder.${dpd7}.atDpd`,
        message: expect.stringContaining('must not be less than 3'),
      },
    ]);
  });

  it('names a wrongly typed field', () => {
    const strategy = draft() as unknown as { variants: { segments: Record<string, { ladder: { atDpd: unknown }[] }> }[] };
    strategy.variants[1].segments['low-risk'].ladder[0].atDpd = 'one';
    expect(errorsOf(strategy).map((e) => e.path)).toEqual(['variants.1.segments.low-risk.ladder.0.atDpd']);
  });

  it('names a duplicate step id', () => {
    const strategy = draft();
    const ladder = strategy.variants[0].segments['medium-risk'].ladder;
    ladder[4].id = ladder[3].id;
    expect(errorsOf(strategy)).toEqual([
      { path: 'variants.0.segments.medium-risk.ladder.4.id', message: `duplicate step id ${ladder[3].id}` },
    ]);
  });

  it('names an unknown channel', () => {
    const strategy = draft() as unknown as { variants: { segments: Record<string, { ladder: { id: string; actions: { channel: string }[] }[] }> }[] };
    const ladder = strategy.variants[0].segments['low-risk'].ladder;
    const dpd7 = ladder.findIndex((step) => step.id === 'dpd7-reminder-and-call');
    ladder[dpd7].actions[1].channel = 'carrier-pigeon';
    expect(errorsOf(strategy).map((e) => e.path)).toEqual([`variants.0.segments.low-risk.ladder.${dpd7}.actions.1.channel`]);
  });

  it('names the field inside a condition, not just the condition', () => {
    const strategy = draft();
    strategy.variants[0].segments['medium-risk'].ladder[5].conditions = [{ balanceAtLeast: -1 }];
    expect(errorsOf(strategy).map((e) => e.path)).toEqual([
      'variants.0.segments.medium-risk.ladder.5.conditions.0.balanceAtLeast',
    ]);
  });

  it('explains a condition with no known key or with two keys', () => {
    const strategy = draft() as unknown as { variants: { segments: Record<string, { ladder: { conditions?: unknown[] }[] }> }[] };
    strategy.variants[0].segments['medium-risk'].ladder[5].conditions = [{ balanceAbove: 1 }, { balanceBelow: 1, balanceAtLeast: 1 }];
    expect(errorsOf(strategy)).toEqual([
      { path: 'variants.0.segments.medium-risk.ladder.5.conditions.0', message: expect.stringContaining('exactly one of the keys') },
      { path: 'variants.0.segments.medium-risk.ladder.5.conditions.1', message: expect.stringContaining('exactly one of the keys') },
    ]);
  });

  it('accepts a country condition of ISO 3166-1 alpha-2 codes', () => {
    const strategy = draft();
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions = [{ country: ['US', 'CA'] }];
    expect(validateStrategy(strategy).ok).toBe(true);
  });

  it.each([
    [['us'], 'conditions.0.country.0'],
    [['US', 'USA'], 'conditions.0.country.1'],
    [[''], 'conditions.0.country.0'],
  ])('names the bad code in a country condition %p', (country, path) => {
    const strategy = draft();
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions = [{ country }];
    expect(errorsOf(strategy)).toEqual([
      { path: `variants.0.segments.medium-risk.ladder.0.${path}`, message: expect.stringContaining('ISO 3166-1 alpha-2') },
    ]);
  });

  it('accepts a reason condition of overdue reason codes, and names a code not in the list', () => {
    const strategy = draft();
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions = [{ reason: ['income-drop', 'illness'] }];
    expect(validateStrategy(strategy).ok).toBe(true);
    const bad = draft() as unknown as { variants: { segments: Record<string, { ladder: { conditions?: unknown[] }[] }> }[] };
    bad.variants[0].segments['medium-risk'].ladder[0].conditions = [{ reason: ['income-drop', 'job-loss'] }];
    expect(errorsOf(bad)).toEqual([{ path: 'variants.0.segments.medium-risk.ladder.0.conditions.0.reason.1', message: expect.stringContaining('income-drop') }]);
    bad.variants[0].segments['medium-risk'].ladder[0].conditions = [{ reason: [] }];
    expect(errorsOf(bad)).toEqual([
      { path: 'variants.0.segments.medium-risk.ladder.0.conditions.0.reason', message: expect.stringContaining('at least one overdue reason') },
    ]);
  });

  it('requires at least one country in a country condition', () => {
    const strategy = draft();
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions = [{ country: [] }];
    expect(errorsOf(strategy)).toEqual([
      { path: 'variants.0.segments.medium-risk.ladder.0.conditions.0.country', message: expect.stringContaining('at least one country') },
    ]);
  });

  it('names a country condition that is not a list', () => {
    const strategy = draft() as unknown as { variants: { segments: Record<string, { ladder: { conditions?: unknown[] }[] }> }[] };
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions = [{ country: 'US' }];
    expect(errorsOf(strategy).map((e) => e.path)).toEqual(['variants.0.segments.medium-risk.ladder.0.conditions.0.country']);
  });

  it('lists country among the condition keys', () => {
    const strategy = draft() as unknown as { variants: { segments: Record<string, { ladder: { conditions?: unknown[] }[] }> }[] };
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions = [{ countries: ['US'] }];
    expect(errorsOf(strategy)).toEqual([
      { path: 'variants.0.segments.medium-risk.ladder.0.conditions.0', message: expect.stringMatching(/exactly one of the keys .*country/) },
    ]);
  });

  it('rejects a stepOutcome condition on a step that does not come earlier', () => {
    const strategy = draft();
    const ladder = strategy.variants[0].segments['medium-risk'].ladder;
    ladder[1].conditions = [{ stepOutcome: { step: 'dpd30-second-demand', outcome: 'failed' } }];
    expect(errorsOf(strategy).map((e) => e.path)).toEqual([
      'variants.0.segments.medium-risk.ladder.1.conditions.0.stepOutcome.step',
    ]);
  });

  it('rejects an alternative that an unconditional step before it makes unreachable', () => {
    const strategy = draft();
    const ladder = strategy.variants[0].segments['medium-risk'].ladder;
    const court = ladder.findIndex((step) => step.id === 'dpd120-court-filing');
    [ladder[court], ladder[court + 1]] = [ladder[court + 1], ladder[court]];
    expect(errorsOf(strategy)).toEqual([
      {
        path: `variants.0.segments.medium-risk.ladder.${court + 1}.atDpd`,
        message: expect.stringContaining('unreachable'),
      },
    ]);
  });

  it('requires a ladder for every segment', () => {
    const strategy = draft() as unknown as { variants: { segments: Record<string, unknown> }[] };
    delete strategy.variants[0].segments['high-risk'];
    expect(errorsOf(strategy).map((e) => e.path)).toEqual(['variants.0.segments.high-risk']);
  });

  it('requires variant weights to add up to more than zero', () => {
    const strategy = draft();
    strategy.variants.forEach((variant) => (variant.weight = 0));
    expect(errorsOf(strategy)).toEqual([{ path: 'variants', message: expect.stringContaining('more than 0') }]);
  });

  it('rejects duplicate variant names', () => {
    const strategy = draft();
    strategy.variants[1].name = 'champion';
    expect(errorsOf(strategy).map((e) => e.path)).toEqual(['variants.1.name']);
  });

  it('rejects a fallback to the channel that just failed', () => {
    const strategy = draft();
    const ladder = strategy.variants[0].segments['low-risk'].ladder;
    const reminder = ladder.findIndex((step) => step.id === 'dpd1-reminder');
    ladder[reminder].actions[0].fallback = ['letter', 'sms'];
    expect(errorsOf(strategy).map((e) => e.path)).toEqual([`variants.0.segments.low-risk.ladder.${reminder}.actions.0.fallback.1`]);
  });

  it('rejects a non-integer version and reports every error at once', () => {
    const strategy = { ...draft(), version: 1.5, name: '' };
    expect(errorsOf(strategy).map((e) => e.path)).toEqual(['version', 'name']);
  });

  it('reports a document that is not an object at the root', () => {
    expect(errorsOf('not a strategy')).toEqual([{ path: '', message: expect.any(String) }]);
  });
});
