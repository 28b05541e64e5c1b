// The records activity on the real MongoDB-compatible server: the audit trail
// gets each event once, the read model never goes back to an older view, and
// records activities running at once are written together, in a few commands.
import { CASE_VIEW_EXAMPLE } from '../../src/api/case-schemas';
import { createCaseRecordActivities, type CaseProgress } from '../../src/activities/case-records';
import { auditModel } from '../../src/db/audit';
import { caseModel, caseViewModel } from '../../src/db/cases';
import type { CaseEvent } from '../../src/domain';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const AT = '2026-03-10T02:00:00.000Z';

function progress(caseId: string, eventCount: number, firstSeq = 1): CaseProgress {
  const events = Array.from({ length: eventCount - firstSeq + 1 }, (_, i): CaseEvent => ({
    seq: firstSeq + i,
    at: AT,
    type: 'decision',
    actor: 'system',
    reason: `decision ${firstSeq + i}`,
  }));
  const view = { ...CASE_VIEW_EXAMPLE, caseId, loanId: `loan-${caseId}`, eventCount, balance: 1000 * eventCount };
  return { caseId, loanId: view.loanId, events, view };
}

const stored = async (caseId: string) => ({
  row: await caseModel(db.connection).findById(caseId).lean(),
  view: await caseViewModel(db.connection).findById(caseId).lean(),
  events: await auditModel(db.connection).countDocuments({ caseId }),
});

test('each event is stored once, however often its progress is recorded', async () => {
  const { recordCaseProgress } = createCaseRecordActivities(db.connection);
  const first = progress('case-once', 3);
  await recordCaseProgress(first);
  await Promise.all([recordCaseProgress(first), recordCaseProgress(first), recordCaseProgress(progress('case-once', 5))]);
  await recordCaseProgress(progress('case-once', 6, 4));
  const { row, view, events } = await stored('case-once');
  expect(events).toBe(6);
  expect(row).toMatchObject({ eventCount: 6, balance: 6000 });
  expect(view).toMatchObject({ eventCount: 6 });
});

test('an older view never overwrites a newer one, alone or written together with it', async () => {
  const { recordCaseProgress } = createCaseRecordActivities(db.connection);
  await recordCaseProgress(progress('case-late', 5));
  // A late attempt of an earlier turn.
  await recordCaseProgress(progress('case-late', 3));
  expect(await stored('case-late')).toMatchObject({ row: { eventCount: 5, balance: 5000 }, view: { eventCount: 5, view: { balance: 5000 } } });
  // In one batch, in any order.
  await Promise.all([9, 7, 8].map((count) => recordCaseProgress(progress('case-late', count))));
  expect(await stored('case-late')).toMatchObject({ row: { eventCount: 9, balance: 9000 }, view: { eventCount: 9, view: { balance: 9000 } } });
});

test('records activities running at once are written in a few commands, not a few each', async () => {
  const { recordCaseProgress } = createCaseRecordActivities(db.connection);
  const commands: string[] = [];
  db.connection.set('debug', (collection: string, method: string) => commands.push(`${collection}.${method}`));
  try {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordCaseProgress(progress(`case-together-${i}`, 4))));
  } finally {
    db.connection.set('debug', false);
  }
  expect(await auditModel(db.connection).countDocuments({ caseId: /^case-together-/ })).toBe(80);
  expect(await caseModel(db.connection).countDocuments({ caseId: /^case-together-/ })).toBe(20);
  // The first write goes alone; the 19 that came while it was written go together.
  expect(commands.filter((command) => command.startsWith('cases.')).length).toBeLessThanOrEqual(4);
  expect(commands.length).toBeLessThanOrEqual(12);
});
