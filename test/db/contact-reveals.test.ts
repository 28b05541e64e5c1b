// The record of who saw a debtor's contact details, on the real MongoDB-compatible
// server: reveals of one case written at once are all kept.
import { contactReveals } from '../../src/db/contact-reveals';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

test('twenty reveals of one case at once are all recorded', async () => {
  const reveals = contactReveals(db.connection);
  const at = new Date(Date.UTC(2026, 10, 30, 9));
  const actors = Array.from({ length: 20 }, (_, n) => `supervisor-${n}`);
  await Promise.all(['case-r1', 'case-r2'].flatMap((caseId) => actors.map((actor) => reveals.record(caseId, caseId.slice(5), { at, actor, reason: 'debtor called in', afterSeq: 3, fields: ['phone'] }))));
  for (const caseId of ['case-r1', 'case-r2']) {
    expect((await reveals.of(caseId)).map((reveal) => reveal.actor).sort()).toEqual([...actors].sort());
  }
});
