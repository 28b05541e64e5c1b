import { assignVariant, assignVariantFnv1a, DEFAULT_STRATEGY, DEFAULT_STRATEGY_V1, fnv1a32, murmur3_32, type Strategy } from '../../src/domain';

const loanIds = Array.from({ length: 10_000 }, (_, index) => `L${String(index).padStart(7, '0')}`);

/** A loan book numbers its loans in sequence: LN000000 to LN009999. */
const sequentialIds = Array.from({ length: 10_000 }, (_, index) => `LN${String(index).padStart(6, '0')}`);

const [championVariant, challengerVariant] = DEFAULT_STRATEGY.variants;
const CHALLENGER = challengerVariant.name;

const fiftyFifty: Strategy = {
  ...DEFAULT_STRATEGY,
  id: 'fifty-fifty',
  variants: [
    { ...championVariant, weight: 50 },
    { ...challengerVariant, weight: 50 },
  ],
};

type Assign = (strategy: Strategy, loanId: string) => string;

/** How a split of consecutive loan ids looks next to independent draws. */
function splitOf(assign: Assign, strategy: Strategy, ids: readonly string[]) {
  const inChallenger = ids.map((id) => assign(strategy, id) === CHALLENGER);
  const challengers = inChallenger.filter(Boolean).length;
  const runs = inChallenger.filter((isChallenger, index) => isChallenger && !inChallenger[index - 1]).length;
  let uniformBlocks = 0;
  for (let start = 0; start + 10 <= ids.length; start += 10) {
    const block = inChallenger.slice(start, start + 10);
    if (block.every(Boolean) || !block.some(Boolean)) uniformBlocks++;
  }
  return {
    challengerShare: challengers / ids.length,
    meanChallengerRun: challengers / runs,
    uniformBlockShare: uniformBlocks / (ids.length / 10),
  };
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors for ASCII', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('murmur3_32', () => {
  it('matches MurmurHash3 x86_32 as other implementations compute it, over UTF-8', () => {
    expect(murmur3_32('')).toBe(0);
    expect(murmur3_32('', 1)).toBe(0x514e28b7);
    expect(murmur3_32('ab')).toBe(0x9bbfd75f);
    expect(murmur3_32('abc')).toBe(0xb3dd93fa);
    expect(murmur3_32('abcd')).toBe(0x43ed676a);
    expect(murmur3_32('test')).toBe(0xba6bd213);
    expect(murmur3_32('Hello, world!', 0x9747b28c)).toBe(0x24884cba);
    expect(murmur3_32('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd);
    expect(murmur3_32('é中😀')).toBe(0x8f5392a1);
  });
});

describe('assignVariant', () => {
  it('gives a loan the same variant every time', () => {
    for (const loanId of loanIds.slice(0, 200)) {
      expect(assignVariant(DEFAULT_STRATEGY, loanId)).toBe(assignVariant(DEFAULT_STRATEGY, loanId));
    }
  });

  it('is pinned to the documented hash, so a change of algorithm cannot pass unnoticed', () => {
    expect(murmur3_32('default:1:LN000001')).toBe(0x7deeec05);
    const point = Math.floor((0x7deeec05 * 100) / 2 ** 32);
    expect(assignVariant(DEFAULT_STRATEGY_V1, 'LN000001')).toBe(point < 90 ? 'champion' : CHALLENGER);
    for (const id of sequentialIds.slice(0, 50)) {
      const scaled = Math.floor((murmur3_32(`default:1:${id}`) * 100) / 2 ** 32);
      expect(assignVariant(DEFAULT_STRATEGY_V1, id)).toBe(scaled < 90 ? 'champion' : CHALLENGER);
    }
  });

  it('splits 10,000 loans close to the 90/10 weights', () => {
    const challengers = loanIds.filter((id) => assignVariant(DEFAULT_STRATEGY, id) === CHALLENGER).length;
    expect(challengers / loanIds.length).toBeGreaterThan(0.08);
    expect(challengers / loanIds.length).toBeLessThan(0.12);
  });

  it('follows other weights too, and never picks a zero-weight variant', () => {
    const split: Strategy = {
      ...DEFAULT_STRATEGY,
      variants: [
        { ...championVariant, weight: 1 },
        { ...challengerVariant, name: 'idle', weight: 0 },
        { ...challengerVariant, weight: 3 },
      ],
    };
    const counts = new Map<string, number>();
    for (const id of loanIds) {
      const name = assignVariant(split, id);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(counts.get('idle')).toBeUndefined();
    expect(counts.get('champion')! / loanIds.length).toBeCloseTo(0.25, 1);
    expect(counts.get(CHALLENGER)! / loanIds.length).toBeCloseTo(0.75, 1);
  });

  it('depends on the strategy id, so two strategies split independently', () => {
    const other = { ...DEFAULT_STRATEGY, id: 'other' };
    const differing = loanIds.filter((id) => assignVariant(DEFAULT_STRATEGY, id) !== assignVariant(other, id));
    expect(differing.length).toBeGreaterThan(0);
  });

  // Independent draws at challenger weight p: the share is p; a challenger run is
  // geometric with mean 1 / (1 − p), 2 at 50/50 and 1.11 at 90/10; a block of 10
  // falls in one variant with probability p^10 + (1 − p)^10, 0.2% at 50/50 and
  // 34.9% at 90/10. The bounds are several standard deviations wide for 10,000 ids.
  it('splits sequential loan ids 50/50 as independent draws would, not in runs of neighbours', () => {
    const split = splitOf(assignVariant, fiftyFifty, sequentialIds);

    expect(Math.abs(split.challengerShare - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(split.meanChallengerRun - 2)).toBeLessThan(0.15);
    expect(split.uniformBlockShare).toBeLessThan(0.01);
  });

  it('splits sequential loan ids 90/10 as independent draws would, not in runs of neighbours', () => {
    const split = splitOf(assignVariant, DEFAULT_STRATEGY, sequentialIds);

    expect(Math.abs(split.challengerShare - 0.1)).toBeLessThan(0.015);
    expect(Math.abs(split.meanChallengerRun - 1 / 0.9)).toBeLessThan(0.1);
    expect(split.uniformBlockShare).toBeGreaterThan(0.3);
    expect(split.uniformBlockShare).toBeLessThan(0.4);
  });

  it('splits each version of a strategy afresh, so a loan’s arm in one experiment says nothing of its arm in the next', () => {
    const next = { ...fiftyFifty, version: fiftyFifty.version + 1 };
    const agreeing = sequentialIds.filter((id) => assignVariant(fiftyFifty, id) === assignVariant(next, id)).length;
    expect(Math.abs(agreeing / sequentialIds.length - 0.5)).toBeLessThan(0.03);

    // At 90/10, the challengers of version 1 are challengers of version 2 one time in ten.
    const nextDefault = { ...DEFAULT_STRATEGY, version: DEFAULT_STRATEGY.version + 1 };
    const challengers = sequentialIds.filter((id) => assignVariant(DEFAULT_STRATEGY, id) === CHALLENGER);
    const again = challengers.filter((id) => assignVariant(nextDefault, id) === CHALLENGER).length;
    expect(Math.abs(again / challengers.length - 0.1)).toBeLessThan(0.05);
  });
});

describe('assignVariantFnv1a, the assignment of cases started before the mixed hash', () => {
  it('is the FNV-1a split as it was, so recorded histories replay', () => {
    for (const id of loanIds.slice(0, 50)) {
      const point = Math.floor((fnv1a32(`default:${id}`) * 100) / 2 ** 32);
      expect(assignVariantFnv1a(DEFAULT_STRATEGY, id)).toBe(point < 90 ? 'champion' : CHALLENGER);
    }
  });

  it('ignores the version, as it always did', () => {
    const next = { ...DEFAULT_STRATEGY, version: 2 };
    expect(loanIds.every((id) => assignVariantFnv1a(next, id) === assignVariantFnv1a(DEFAULT_STRATEGY, id))).toBe(true);
  });

  it('puts sequential loan ids in long runs of one variant: why assignVariant replaced it', () => {
    const split = splitOf(assignVariantFnv1a, DEFAULT_STRATEGY, sequentialIds);
    expect(split.meanChallengerRun).toBeGreaterThan(5);
    expect(split.uniformBlockShare).toBeGreaterThan(0.9);
  });
});
