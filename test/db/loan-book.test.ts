// The loan book on the real MongoDB-compatible server: payments for one loan
// arriving at once are each allocated, once, with none lost. FerretDB applies
// concurrent updates to one document without isolation, so a write conditional
// on the revision read is not enough there.
import { loanBook } from '../../src/db/loans';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { overdueLoan } from '../support/loans';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const PAYMENTS = 30;
const AMOUNT = 1_000;

async function rush(loanId: string) {
  const book = loanBook(db.connection);
  await book.upsert([{ loan: overdueLoan({ loanId, nowMs: Date.UTC(2026, 10, 30), daysPastDue: 40, outstanding: 300_000, overdueInstallments: 3 }) }]);
  const references = Array.from({ length: PAYMENTS }, (_, i) => `${loanId}-${i + 1}`);
  const pay = (reference: string) => book.applyPayment(loanId, { reference, amount: AMOUNT, date: '2026-11-30' });
  const first = await Promise.all(references.map(pay));
  // The same payments again change nothing.
  const again = await Promise.all(references.map(pay));
  const record = (await book.get(loanId))!;
  return {
    references: [...(record.appliedPayments ?? [])].sort(),
    outstanding: record.loan.outstanding,
    allocated: record.loan.installments.reduce((sum, installment) => sum + installment.amountPaid, 0),
    surplus: [...first, ...again].reduce((sum, result) => sum + result!.surplus, 0),
    expected: [...references].sort(),
  };
}

test('thirty payments to each of five loans at once are all allocated, each once', async () => {
  // Five loans at once: a lost update shows in one of them on nearly every run of a store without isolation.
  const loans = await Promise.all(['rush-a', 'rush-b', 'rush-c', 'rush-d', 'rush-e'].map(rush));
  for (const loan of loans) {
    expect(loan.references).toEqual(loan.expected);
    expect({ outstanding: loan.outstanding, allocated: loan.allocated, surplus: loan.surplus }).toEqual({
      outstanding: 300_000 - PAYMENTS * AMOUNT,
      allocated: PAYMENTS * AMOUNT,
      surplus: 0,
    });
  }
});

test("a revision claimed by a writer that died is passed over once its lease is out; the payment is allocated", async () => {
  const book = loanBook(db.connection);
  await book.upsert([{ loan: overdueLoan({ loanId: 'stale-claim', nowMs: Date.UTC(2026, 10, 30), daysPastDue: 40, outstanding: 300_000 }) }]);
  // The writer that claimed revision 2 a minute ago never wrote it.
  await db.connection.collection<{ _id: string; at: Date }>('revision_claims').insertOne({ _id: 'loans:stale-claim#2', at: new Date(Date.now() - 60_000) });
  const paid = await book.applyPayment('stale-claim', { reference: 'stale-claim-1', amount: AMOUNT, date: '2026-11-30' });
  expect(paid!.record).toMatchObject({ revision: 3, appliedPayments: ['stale-claim-1'], loan: { outstanding: 300_000 - AMOUNT } });
  expect((await book.get('stale-claim'))!.revision).toBe(3);
});
