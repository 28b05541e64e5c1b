// The opt-out registry on the real MongoDB-compatible server: a debtor's scopes
// recorded at once are all kept, each once, with its first record standing.
import { optOutRegistry } from '../../src/db/opt-outs';
import { OPT_OUT_SCOPES } from '../../src/domain/compliance';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const entry = (n: number) => ({ at: new Date(Date.UTC(2026, 10, 30, 9, n)), method: 'one-click' as const, caseId: 'case-L1', loanId: 'L1', actor: 'debtor', messageKey: `case-L1:${n}` });

test("every scope a debtor opts out of at once is kept, and each scope's first record stands", async () => {
  const registry = optOutRegistry(db.connection);
  // Five debtors, each opting out of every scope at once, twice over: a lost write shows in one of them.
  const debtors = ['d1', 'd2', 'd3', 'd4', 'd5'];
  const results = await Promise.all(debtors.flatMap((debtor) => OPT_OUT_SCOPES.flatMap((scope, i) => [registry.record(debtor, scope, entry(i)), registry.record(debtor, scope, entry(i + 10))])));
  expect(results.filter((result) => result.recorded)).toHaveLength(debtors.length * OPT_OUT_SCOPES.length);
  for (const debtor of debtors) {
    const stored = await registry.of(debtor);
    expect(stored.map((optOut) => optOut.scope).sort()).toEqual([...OPT_OUT_SCOPES].sort());
  }
  // Again, later: nothing changes, and the answer is the record that stands.
  const again = await registry.record('d1', OPT_OUT_SCOPES[0], entry(30));
  expect(again.recorded).toBe(false);
  expect([entry(0).messageKey, entry(10).messageKey]).toContain(again.optOut.messageKey);
});
