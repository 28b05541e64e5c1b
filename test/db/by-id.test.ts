// Reads by _id a few at a time: answers in the ids' order, never more in flight than the bound.
import { readEach } from '../../src/db/by-id';

test('answers come in the order of the ids, with at most the bound in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const ids = Array.from({ length: 40 }, (_, i) => `id-${i}`);
  const answers = await readEach(
    ids,
    async (id) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, Number(id.slice(3)) % 3));
      inFlight--;
      return id.toUpperCase();
    },
    7,
  );
  expect(answers).toEqual(ids.map((id) => id.toUpperCase()));
  expect(most).toBe(7);
  expect(await readEach([], async () => 1)).toEqual([]);
});
