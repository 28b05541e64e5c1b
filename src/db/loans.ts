// The loan book: one document per loan, as the loan system last told us, plus
// the payments applied since. The debtor's contact details live here and only
// here: a case receives the Loan (no PII), never the document.
import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { applyPayment, reAgeInstallments, type Installment, type Loan } from '../domain';
import { documentReviser } from './revisions';

export interface DebtorContact {
  name?: string;
  phone?: string;
  address?: string;
  nationalId?: string;
  email?: string;
  /** The debtor's e-mail address is one their employer gives them: Reg F §1006.22(f)(3) forbids e-mail to it. */
  emailIsWork?: boolean;
  /** The debtor's user id in the lender's app, which its push gateway addresses. */
  appUserId?: string;
  /** The debtor's id on the messaging platform (an open id), which its template-message API addresses. */
  imId?: string;
}

/** What the loan system sends for one loan. */
export interface LoanEntry {
  loan: Loan;
  contact?: DebtorContact;
}

export interface LoanBookRecord extends LoanEntry {
  /** The loanId: FerretDB finds a document quickly only by _id. */
  _id: string;
  loanId: string;
  /** Hash of loan and contact: a re-import of the same row changes nothing. */
  contentHash: string;
  /** Due date of the oldest unpaid installment, null when all are paid; the sweep's index. */
  oldestUnpaidDueDate: string | null;
  /** Payment references already allocated to the installments, so a retry allocates once; absent before the first. */
  appliedPayments?: string[];
  /**
   * Set by a change of content until the loan's open case, if any, has heard it:
   * a write whose signal never went out (the workflow service was down) is sent
   * again by the next write of the same content.
   */
  caseUpdatePending?: boolean;
  /** Bumped by every write; payments update only the revision they read. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const loanBookSchema = new Schema<LoanBookRecord>(
  {
    _id: { type: String, required: true },
    loanId: { type: String, required: true },
    loan: { type: Schema.Types.Mixed, required: true },
    contact: { type: Schema.Types.Mixed },
    contentHash: { type: String, required: true },
    oldestUnpaidDueDate: { type: String, default: null },
    appliedPayments: { type: [String], default: undefined },
    caseUpdatePending: { type: Boolean, default: undefined },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'loans', versionKey: false, minimize: false },
);
loanBookSchema.index({ oldestUnpaidDueDate: 1, loanId: 1 });

export function loanBookModel(connection: mongoose.Connection) {
  return (connection.models.LoanBook as mongoose.Model<LoanBookRecord> | undefined) ?? connection.model<LoanBookRecord>('LoanBook', loanBookSchema);
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** A loan whose open case is still to hear its content (the loanUpdated signal). */
export interface LoanChange {
  loanId: string;
  loan: Loan;
  /** The content the case hears: the pending mark is cleared only while the stored loan still has it. */
  contentHash: string;
}

export interface UpsertResult {
  /** One per entry, in order. */
  outcomes: UpsertOutcome[];
  /** One per loan whose stored content its case has not heard yet: every updated loan, and earlier changes never sent. */
  caseUpdates: LoanChange[];
}

/** JSON with keys sorted at every level, so equal content hashes equally whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function contentHash(entry: LoanEntry): string {
  return createHash('sha256').update(canonicalJson({ loan: entry.loan, contact: entry.contact })).digest('hex');
}

function oldestUnpaidDueDate(installments: readonly Installment[]): string | null {
  const unpaid = installments.filter((installment) => installment.amountPaid < installment.amountDue).map((i) => i.dueDate);
  return unpaid.length ? unpaid.sort()[0] : null;
}

const DUPLICATE_KEY = 11000;

/** FerretDB 1.24 stalls on an update command of 100 or more statements, so a batch's updates go in smaller commands. */
const UPDATES_PER_COMMAND = 50;

interface WriteFailure {
  index: number;
  code?: number;
}

export interface PaymentToApply {
  reference: string;
  amount: number;
  date: string;
}

export function loanBook(connection: mongoose.Connection) {
  const LoanBook = loanBookModel(connection);
  const reviser = documentReviser(connection, LoanBook);

  /** One read-modify-write of a loan, once, whoever else writes it meanwhile (see src/db/revisions.ts). */
  function revise(loanId: string, change: (current: LoanBookRecord) => (Pick<LoanBookRecord, 'loan'> & Partial<Pick<LoanBookRecord, 'appliedPayments'>>) | undefined) {
    return reviser(loanId, (current) => {
      const changed = current && change(current);
      if (!changed) return undefined;
      const next = { ...current, ...changed };
      return { ...changed, contentHash: contentHash(next), oldestUnpaidDueDate: oldestUnpaidDueDate(next.loan.installments), updatedAt: new Date() };
    });
  }

  function contentFields(entry: LoanEntry, now: Date) {
    return {
      loan: entry.loan,
      contentHash: contentHash(entry),
      oldestUnpaidDueDate: oldestUnpaidDueDate(entry.loan.installments),
      updatedAt: now,
    };
  }

  function contentUpdate(entry: LoanEntry, now: Date): mongoose.AnyBulkWriteOperation<LoanBookRecord> {
    const fields = { ...contentFields(entry, now), caseUpdatePending: true };
    const update = entry.contact
      ? { $set: { ...fields, contact: entry.contact }, $inc: { revision: 1 } }
      : { $set: fields, $unset: { contact: '' }, $inc: { revision: 1 } };
    return { updateOne: { filter: { _id: entry.loan.loanId }, update } };
  }

  function newRecord(entry: LoanEntry, now: Date): LoanBookRecord {
    const { loanId } = entry.loan;
    return { _id: loanId, loanId, ...contentFields(entry, now), ...(entry.contact ? { contact: entry.contact } : {}), revision: 1, createdAt: now };
  }

  /**
   * Inserts each loanId's first entry; returns the loanIds already stored.
   * Insert-first rather than upsert: FerretDB runs upserts and lookups as scans
   * of the collection, so a fresh import then goes as fast as inserts, and only
   * loans already stored are looked up.
   */
  async function insertNew(entries: readonly LoanEntry[], now: Date): Promise<Set<string>> {
    const firstByLoan = new Map<string, LoanEntry>();
    for (const entry of entries) if (!firstByLoan.has(entry.loan.loanId)) firstByLoan.set(entry.loan.loanId, entry);
    const firsts = [...firstByLoan.values()];
    try {
      await connection.db!.collection<LoanBookRecord>(LoanBook.collection.collectionName).insertMany(
        firsts.map((entry) => newRecord(entry, now)),
        { ordered: false, ignoreUndefined: true },
      );
      return new Set();
    } catch (error) {
      const found = (error as { writeErrors?: WriteFailure | WriteFailure[] }).writeErrors;
      const failures = found === undefined ? [] : Array.isArray(found) ? found : [found];
      if (!failures.length || failures.some((failure) => failure.code !== DUPLICATE_KEY)) throw error;
      return new Set(failures.map((failure) => firsts[failure.index].loan.loanId));
    }
  }

  /** What is stored of the loans: their content hash and whether their case is still to hear it. */
  async function storedStates(loanIds: readonly string[]) {
    if (!loanIds.length) return new Map<string, Pick<LoanBookRecord, 'contentHash' | 'caseUpdatePending'>>();
    const stored = await LoanBook.find({ _id: { $in: loanIds } }, { contentHash: 1, caseUpdatePending: 1 }).lean();
    return new Map(stored.map((record) => [record._id, record]));
  }

  return {
    /**
     * Writes the entries in order and says for each whether it created, changed
     * or left its loan as it was, and which loans' cases are to hear of it.
     * Idempotent: writing the same entries again leaves every loan unchanged,
     * and has nothing for a case unless an earlier change never reached it.
     */
    async upsert(entries: readonly LoanEntry[]): Promise<UpsertResult> {
      const now = new Date();
      const existing = await insertNew(entries, now);
      const stored = await storedStates([...existing]);
      const hashes = new Map([...stored].map(([loanId, record]) => [loanId, record.contentHash]));
      const inserted = new Set<string>();
      const updates: mongoose.AnyBulkWriteOperation<LoanBookRecord>[] = [];
      /** The last content written per loan that its case has not heard; a new loan has no case. */
      const unheard = new Map<string, LoanChange>();
      const outcomes = entries.map((entry): UpsertOutcome => {
        const { loanId } = entry.loan;
        const hash = contentHash(entry);
        if (!existing.has(loanId) && !inserted.has(loanId)) {
          inserted.add(loanId);
          hashes.set(loanId, hash);
          return 'created';
        }
        if (hashes.get(loanId) === hash) {
          if (stored.get(loanId)?.caseUpdatePending) unheard.set(loanId, { loanId, loan: entry.loan, contentHash: hash });
          return 'unchanged';
        }
        hashes.set(loanId, hash);
        updates.push(contentUpdate(entry, now));
        unheard.set(loanId, { loanId, loan: entry.loan, contentHash: hash });
        return 'updated';
      });
      for (let start = 0; start < updates.length; start += UPDATES_PER_COMMAND) {
        await LoanBook.bulkWrite(updates.slice(start, start + UPDATES_PER_COMMAND), { ordered: true, ignoreUndefined: true });
      }
      return { outcomes, caseUpdates: [...unheard.values()] };
    },

    /** Clears the pending mark of loans whose case has heard them (or that have no open case), unless changed since. */
    async caseUpdatesSent(changes: readonly LoanChange[]): Promise<void> {
      const clears = changes.map(
        ({ loanId, contentHash: hash }): mongoose.AnyBulkWriteOperation<LoanBookRecord> => ({
          updateOne: { filter: { _id: loanId, contentHash: hash }, update: { $unset: { caseUpdatePending: '' } } },
        }),
      );
      for (let start = 0; start < clears.length; start += UPDATES_PER_COMMAND) {
        await LoanBook.bulkWrite(clears.slice(start, start + UPDATES_PER_COMMAND), { ordered: false });
      }
    },

    async get(loanId: string): Promise<LoanBookRecord | null> {
      return LoanBook.findOne({ _id: loanId }).lean<LoanBookRecord>();
    },

    /**
     * Allocates a payment to the oldest installments once per reference, as one
     * revision of the loan (see revise).
     */
    async applyPayment(loanId: string, payment: PaymentToApply): Promise<{ record: LoanBookRecord; surplus: number } | null> {
      let surplus = 0;
      const record = await revise(loanId, (current) => {
        const applied = current.appliedPayments ?? [];
        if (applied.includes(payment.reference)) {
          surplus = 0;
          return undefined;
        }
        const allocation = applyPayment(current.loan.installments, payment.amount);
        surplus = allocation.surplus;
        const lastPaymentDate =
          current.loan.lastPaymentDate && current.loan.lastPaymentDate > payment.date ? current.loan.lastPaymentDate : payment.date;
        const loan: Loan = {
          ...current.loan,
          installments: allocation.installments,
          outstanding: Math.max(0, current.loan.outstanding - payment.amount),
          lastPaymentDate,
        };
        return { loan, appliedPayments: [...applied, payment.reference] };
      });
      return record && { record, surplus };
    },

    /**
     * Re-ages the loan on the business day `on` (see reAgeInstallments): what is due
     * by then moves to a later installment, and lastReAgedOn and restructuredOn are
     * set. Once per day: a retry finds lastReAgedOn already there and changes nothing.
     */
    async reAge(loanId: string, on: string, intervalDays: number): Promise<LoanBookRecord | null> {
      return revise(loanId, (current) => {
        if (current.loan.lastReAgedOn === on) return undefined;
        const { installments } = reAgeInstallments(current.loan.installments, on, intervalDays);
        return { loan: { ...current.loan, installments, lastReAgedOn: on, restructuredOn: on } };
      });
    },

    /** Loans with an installment unpaid since before `today` ('YYYY-MM-DD'), by loanId after `after`. */
    async pastDueLoanIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
      const filter: mongoose.QueryFilter<LoanBookRecord> = { oldestUnpaidDueDate: { $ne: null, $lt: today } };
      if (after !== undefined) filter.loanId = { $gt: after };
      const records = await LoanBook.find(filter, { loanId: 1 }).sort({ loanId: 1 }).limit(limit).lean();
      return records.map((record) => record.loanId);
    },
  };
}

export type LoanBook = ReturnType<typeof loanBook>;
