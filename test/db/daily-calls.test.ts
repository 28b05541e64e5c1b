// A debtor's day of calls on the real MongoDB-compatible server: claims made at
// once take no more places than the day has, and one agent at most holds a call,
// with no transaction (FerretDB applies concurrent updates to one document
// without isolation, so the log is written by inserts only); a report keeps or
// gives back its place; an agency's call counts once.
import { dailyCalls, dailyCallsId } from '../../src/db/daily-calls';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const NIFA = 'nifa-3-connected-calls-per-day';

test("twenty claims at once on a debtor's day take three places; a claim again holds its own", async () => {
  const calls = dailyCalls(db.connection);
  const day = dailyCallsId('debtor-rush', '2026-03-10', NIFA);
  const keys = Array.from({ length: 20 }, (_, i) => `case-rush:${i + 1}`);

  const places = await Promise.all(keys.map((key, i) => calls.take(day, key, `agent-${i + 1}`, 3)));
  const taken = places.flatMap((place, i) => (place === 'taken' ? [i] : []));
  expect(taken).toHaveLength(3);
  expect(places.filter((place) => place === 'full')).toHaveLength(17);
  expect(await Promise.all(taken.map((i) => calls.take(day, keys[i], `agent-${i + 1}`, 3)))).toEqual(['held', 'held', 'held']);
  // Another day of the same debtor, or the same day of another debtor, has places of its own.
  expect(await calls.take(dailyCallsId('debtor-rush', '2026-03-11', NIFA), keys[19], 'agent-20', 3)).toBe('taken');
  expect(await calls.take(dailyCallsId('debtor-other', '2026-03-10', NIFA), keys[19], 'agent-20', 3)).toBe('taken');
});

test('agents taking one call at once: one holds it, the others are told another does', async () => {
  const calls = dailyCalls(db.connection);
  const day = dailyCallsId('debtor-one-call', '2026-03-10', 'field-visit');
  const places = await Promise.all(Array.from({ length: 10 }, (_, i) => calls.take(day, 'case-visit:1', `agent-${i + 1}`, Infinity)));
  expect(places.filter((place) => place === 'taken')).toHaveLength(1);
  expect(places.filter((place) => place === 'another')).toHaveLength(9);
  const holder = `agent-${places.indexOf('taken') + 1}`;
  // Given back, the call is free for another agent.
  await calls.release(day, 'case-visit:1', 'agent-0');
  expect(await calls.take(day, 'case-visit:1', 'agent-0', Infinity)).toBe('another');
  await calls.release(day, 'case-visit:1', holder);
  expect(await calls.take(day, 'case-visit:1', 'agent-0', Infinity)).toBe('taken');
});

test("a report keeps a connected call's place and gives back any other; an agency's call counts once and takes a place", async () => {
  const calls = dailyCalls(db.connection);
  const day = dailyCallsId('debtor-settle', '2026-03-10', NIFA);
  for (const key of ['call-1', 'call-2', 'call-3']) expect(await calls.take(day, key, 'agent-1', 3)).toBe('taken');

  expect(await calls.settle(day, 'call-1', false)).toBe(0);
  expect(await calls.take(day, 'call-4', 'agent-1', 3)).toBe('taken');
  expect(await calls.settle(day, 'call-2', true)).toBe(1);
  // Reported again: nothing changes.
  expect(await calls.settle(day, 'call-2', true)).toBe(1);
  expect(await calls.settle(day, 'call-1', false)).toBe(1);
  expect(await calls.take(day, 'call-5', 'agent-1', 3)).toBe('full');

  expect(await calls.countConnected(day, 'agency:ACME-1')).toBe(2);
  expect(await calls.countConnected(day, 'agency:ACME-1')).toBe(2);
  expect(await calls.settle(day, 'call-3', false)).toBe(2);
  // The agency's call took a place: with call-3's given back, the day is still full.
  expect(await calls.take(day, 'call-6', 'agent-1', 3)).toBe('full');
  expect(await calls.settle(day, 'call-4', false)).toBe(2);
  expect(await calls.take(day, 'call-6', 'agent-1', 3)).toBe('taken');
});
