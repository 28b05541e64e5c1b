import { assignVariant, DEFAULT_STRATEGY, fnv1a32, type Strategy } from '../../src/domain';

const loanIds = Array.from({ length: 10_000 }, (_, index) => `L${String(index).padStart(7, '0')}`);

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors for ASCII', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('assignVariant', () => {
  it('gives a loan the same variant every time', () => {
    for (const loanId of loanIds.slice(0, 200)) {
      expect(assignVariant(DEFAULT_STRATEGY, loanId)).toBe(assignVariant(DEFAULT_STRATEGY, loanId));
    }
  });

  it('is pinned to the documented hash, so a change of algorithm cannot pass unnoticed', () => {
    const point = Math.floor((fnv1a32('default:L0000001') * 100) / 2 ** 32);
    expect(assignVariant(DEFAULT_STRATEGY, 'L0000001')).toBe(point < 90 ? 'champion' : 'sms-early-stage');
  });

  it('splits 10,000 loans close to the 90/10 weights', () => {
    const challengers = loanIds.filter((id) => assignVariant(DEFAULT_STRATEGY, id) === 'sms-early-stage').length;
    expect(challengers / loanIds.length).toBeGreaterThan(0.08);
    expect(challengers / loanIds.length).toBeLessThan(0.12);
  });

  it('follows other weights too, and never picks a zero-weight variant', () => {
    const [champion, challenger] = DEFAULT_STRATEGY.variants;
    const split: Strategy = {
      ...DEFAULT_STRATEGY,
      variants: [
        { ...champion, weight: 1 },
        { ...challenger, name: 'idle', weight: 0 },
        { ...challenger, weight: 3 },
      ],
    };
    const counts = new Map<string, number>();
    for (const id of loanIds) {
      const name = assignVariant(split, id);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(counts.get('idle')).toBeUndefined();
    expect(counts.get('champion')! / loanIds.length).toBeCloseTo(0.25, 1);
    expect(counts.get('sms-early-stage')! / loanIds.length).toBeCloseTo(0.75, 1);
  });

  it('depends on the strategy id, so two strategies split independently', () => {
    const other = { ...DEFAULT_STRATEGY, id: 'other' };
    const differing = loanIds.filter((id) => assignVariant(DEFAULT_STRATEGY, id) !== assignVariant(other, id));
    expect(differing.length).toBeGreaterThan(0);
  });

  it('ignores the version, so a new version with the same weights keeps each loan in its variant', () => {
    const next = { ...DEFAULT_STRATEGY, version: 2 };
    expect(loanIds.every((id) => assignVariant(next, id) === assignVariant(DEFAULT_STRATEGY, id))).toBe(true);
  });
});
