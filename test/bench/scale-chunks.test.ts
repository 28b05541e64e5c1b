// The scale scenario's chunks: they double while the machine keeps up, and the
// last one fits the budget at the rate measured so far, so the run ends near its
// budget instead of minutes after it.
import { nextChunk } from '../../bench/scenarios/scale';

test('a chunk is the doubling size while the budget is wide, and no more than the cases left', () => {
  expect(nextChunk({ chunk: 800, left: 100_000, parkedSoFar: 1000, elapsedMs: 60_000, budgetLeftMs: 600_000 })).toBe(800);
  expect(nextChunk({ chunk: 800, left: 300, parkedSoFar: 1000, elapsedMs: 60_000, budgetLeftMs: 600_000 })).toBe(300);
});

test('near the end of the budget a chunk holds what the measured rate parks in the time left', () => {
  // 15.6 cases a second, 40 s left: 624 cases, not 5,000 (about 5 minutes at that rate).
  expect(nextChunk({ chunk: 5000, left: 80_000, parkedSoFar: 15_600, elapsedMs: 1_000_000, budgetLeftMs: 40_000 })).toBe(624);
  // At least one, while any budget is left.
  expect(nextChunk({ chunk: 5000, left: 80_000, parkedSoFar: 15_600, elapsedMs: 1_000_000, budgetLeftMs: 10 })).toBe(1);
});

test('before anything has parked there is no rate to go by: the chunk as it is', () => {
  expect(nextChunk({ chunk: 50, left: 100_000, parkedSoFar: 0, elapsedMs: 0, budgetLeftMs: 600_000 })).toBe(50);
});
