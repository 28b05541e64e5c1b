// The seeded default strategy on the real MongoDB-compatible server: a store whose
// default is still the version it seeded itself moves to the newer DEFAULT_STRATEGY
// (the older stays stored: cases are pinned to it); a default a strategy owner
// chose, or a version an owner stored under the same id, is never overridden.
import { strategyStore } from '../../src/db/strategies';
import { DEFAULT_STRATEGY, DEFAULT_STRATEGY_V1 } from '../../src/domain';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.connection.collection('strategies').deleteMany({});
  await db.connection.collection('strategy_settings').deleteMany({});
});

const AT = new Date('2026-11-01T00:00:00Z');

/** A store as an older release left it: version 1 seeded, and the default chosen by `chosenBy`. */
async function storedBefore(chosenBy: string, extra: { version: number; createdBy: string }[] = []) {
  const record = (version: number, createdBy: string) => ({
    strategyId: 'default',
    version,
    name: DEFAULT_STRATEGY_V1.name,
    description: DEFAULT_STRATEGY_V1.description,
    definition: JSON.stringify({ ...DEFAULT_STRATEGY_V1, version }),
    createdBy,
    createdAt: AT,
  });
  await db.connection.collection('strategies').insertMany([record(1, 'system'), ...extra.map(({ version, createdBy }) => record(version, createdBy))]);
  await db.connection.collection('strategy_settings').insertOne({ key: 'default-strategy', strategyId: 'default', version: 1, chosenBy, chosenAt: AT });
}

test('a new store seeds the newest default strategy and makes it the default', async () => {
  const store = strategyStore(db.connection);
  expect(await store.defaultStrategy()).toEqual(DEFAULT_STRATEGY);
  expect((await store.list()).records.map((record) => [record.version, record.createdBy])).toEqual([[DEFAULT_STRATEGY.version, 'system']]);
});

test('a store whose default is the version it seeded moves to the new version, keeping the old one for the cases on it', async () => {
  await storedBefore('system');
  const store = strategyStore(db.connection);
  const { records, defaultStrategy } = await store.list();
  expect(defaultStrategy).toEqual({ id: 'default', version: DEFAULT_STRATEGY.version });
  expect(records.map((record) => record.version)).toEqual([DEFAULT_STRATEGY.version, 1]);
  expect(await store.defaultStrategy()).toEqual(DEFAULT_STRATEGY);
  expect((await store.get('default', 1))?.strategy).toEqual(DEFAULT_STRATEGY_V1);
});

test("a default a strategy owner chose stays the default, even the seeded version they chose again", async () => {
  await storedBefore('supervisor-li');
  const store = strategyStore(db.connection);
  expect((await store.list()).defaultStrategy).toEqual({ id: 'default', version: 1 });
  expect((await store.get('default', DEFAULT_STRATEGY.version))?.strategy).toEqual(DEFAULT_STRATEGY);
});

test("an owner's own version under the new number is not taken for the seeded one", async () => {
  await storedBefore('system', [{ version: DEFAULT_STRATEGY.version, createdBy: 'supervisor-li' }]);
  const store = strategyStore(db.connection);
  expect((await store.list()).defaultStrategy).toEqual({ id: 'default', version: 1 });
  expect((await store.get('default', DEFAULT_STRATEGY.version))?.createdBy).toBe('supervisor-li');
});
