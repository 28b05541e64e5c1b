// A debtor's listing of open calls and visits on the real MongoDB-compatible
// server: tasks of a debtor's loans queued at once are all listed, and one taken
// off the list while others are added stays off.
import { workQueue } from '../../src/db/tasks';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const task = (debtorRef: string, n: number) => ({
  taskId: `case-${debtorRef}-${n}:1`,
  caseId: `case-${debtorRef}-${n}`,
  loanId: `${debtorRef}-${n}`,
  debtorRef,
  step: 'dpd7-call',
  channel: 'phone',
  kind: 'contact' as const,
  queue: 'calls',
  dueAt: new Date(Date.UTC(2026, 10, 30, 9)),
});

test("a debtor's calls queued at once from many loans are all listed as open", async () => {
  const queue = workQueue(db.connection);
  const debtors = ['td1', 'td2', 'td3'];
  await Promise.all(debtors.flatMap((debtor) => Array.from({ length: 15 }, (_, n) => queue.open(task(debtor, n)))));
  for (const debtor of debtors) {
    const open = await queue.openOfDebtor(debtor);
    expect(open.map((listed) => listed.taskId).sort()).toEqual(Array.from({ length: 15 }, (_, n) => task(debtor, n).taskId).sort());
  }
});
