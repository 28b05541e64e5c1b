import type mongoose from 'mongoose';
import { auditId, auditModel, type AuditRecord } from '../db/audit';
import { caseModel, caseRecordOf, caseViewModel } from '../db/cases';
import { experimentFactsModel, factsUpdatesOf } from '../db/experiment-facts';
import { groupCommit } from '../db/group-commit';
import { loanBook } from '../db/loans';
import type { CaseEvent, CaseView } from '../domain';

/** A kept repayment plan re-aged the loan on a business day. */
export interface LoanReAge {
  loanId: string;
  /** 'YYYY-MM-DD' business day of the re-age. */
  on: string;
  /** Days after it a new installment falls due, when no later one is there to take the amounts moved. */
  intervalDays: number;
}

export interface CaseProgress {
  caseId: string;
  loanId: string;
  events: CaseEvent[];
  view: CaseView;
}

const DUPLICATE_KEY = 11000;
/** Progress records written together; FerretDB 1.24 stalls on an update command of 100 or more statements. */
const MAX_BATCH = 50;

type WriteFailure = { index: number; code?: number; err?: { code?: number } };

/** The statements of a bulk write that failed, or undefined when the error is not a bulk write's. */
function failedWrites(error: unknown): WriteFailure[] | undefined {
  const found = (error as { writeErrors?: WriteFailure | WriteFailure[] }).writeErrors;
  if (found === undefined) return (error as { code?: number }).code === DUPLICATE_KEY ? [] : undefined;
  return Array.isArray(found) ? found : [found];
}

const isDuplicate = (failure: WriteFailure) => (failure.code ?? failure.err?.code) === DUPLICATE_KEY;

/** Runs a bulk write; returns the indexes of statements that hit a duplicate key, throws on any other failure. */
async function duplicatesOf(write: () => Promise<unknown>): Promise<number[]> {
  try {
    await write();
    return [];
  } catch (error) {
    const failures = failedWrites(error);
    if (!failures || !failures.every(isDuplicate)) throw error;
    return failures.map((failure) => failure.index);
  }
}

// Every statement here is an insert or goes by _id: FerretDB serves only those
// from an index (with the index scripts/ferretdb adds), so a case's turn costs
// the same with a thousand cases on file as with a hundred thousand. Concurrent
// records activities are written together (see src/db/group-commit.ts): one
// insert of all their events, one of the new views and one of the new rows,
// and for cases already on file a read by _id and one update of each kind.
export function createCaseRecordActivities(connection: mongoose.Connection) {
  const Audit = auditModel(connection);
  const Case = caseModel(connection);
  const CaseView = caseViewModel(connection);
  const Facts = experimentFactsModel(connection);
  const loans = loanBook(connection);

  /**
   * Inserts the documents whose _id is new, and brings those stored with fewer
   * events up to them; one stored with as many or more (newer) stays. Returns
   * the documents whose insert failed although no document holds their _id.
   * Filters go by _id alone: FerretDB reads the whole collection for any other.
   */
  async function bringUpTo<T extends { _id: string; eventCount: number }>(model: mongoose.Model<T>, documents: T[]): Promise<T[]> {
    const existing = (await duplicatesOf(() => model.insertMany(documents, { ordered: false }))).map((i) => documents[i]);
    const stored = await Promise.all(existing.map(({ _id }) => model.findById(_id, { eventCount: 1 }).lean<{ eventCount: number }>()));
    const older = existing.filter((document, i) => stored[i] && stored[i].eventCount < document.eventCount);
    if (older.length) {
      const updates = older.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $set: fields } } }));
      await model.bulkWrite(updates as Parameters<typeof model.bulkWrite>[0], { ordered: false });
    }
    return existing.filter((_, i) => !stored[i]);
  }

  /**
   * Brings each case's whole view, then its list row (a listed case always has
   * its view), up to its view unless a newer one (more events) is there. The
   * records activity runs once per turn, in order; only an attempt that outlived
   * its timeout could come late, and this is where it stops.
   */
  async function writeViews(views: CaseView[], now: Date): Promise<void> {
    await bringUpTo(CaseView, views.map((view) => ({ _id: view.caseId, eventCount: view.eventCount, view, updatedAt: now })));
    // A row from before cases were keyed by id holds the caseId under another _id.
    for (const { _id, ...row } of await bringUpTo(Case, views.map((view) => caseRecordOf(view, now)))) {
      await Case.updateOne({ caseId: row.caseId, eventCount: { $lt: row.eventCount } }, { $set: row });
    }
  }

  const record = groupCommit<CaseProgress>(async (batch) => {
    const events = batch.flatMap(({ caseId, loanId, events }) =>
      events.map((event): AuditRecord => ({ ...event, _id: auditId(caseId, event.seq), caseId, loanId, at: new Date(event.at) })),
    );
    // Each event once, however often it comes: its _id is the case and its seq.
    if (events.length) await duplicatesOf(() => Audit.insertMany(events, { ordered: false }));
    const latest = new Map<string, CaseView>();
    for (const { view } of batch) {
      if ((latest.get(view.caseId)?.eventCount ?? -1) < view.eventCount) latest.set(view.caseId, view);
    }
    await writeViews([...latest.values()], new Date());
    // A run's entry is inserted (once: its _id is the case and run) before its payments and contacts are set on it.
    const facts = batch.map(factsUpdatesOf);
    const entries = facts.flatMap(({ entry }) => (entry ? [entry] : []));
    if (entries.length) await duplicatesOf(() => Facts.insertMany(entries, { ordered: false }));
    const updates = facts.flatMap(({ updates }) => updates);
    for (let start = 0; start < updates.length; start += MAX_BATCH) await Facts.bulkWrite(updates.slice(start, start + MAX_BATCH), { ordered: true });
  }, MAX_BATCH);

  return {
    /** Appends the events to the audit trail (each once) and brings the read model up to the view. */
    recordCaseProgress: (progress: CaseProgress): Promise<void> => record(progress),
    /** Writes a re-age into the loan book: the installments re-aged, lastReAgedOn and restructuredOn. Once per loan and day. */
    recordLoanReAged: async (reAge: LoanReAge): Promise<void> => {
      await loans.reAge(reAge.loanId, reAge.on, reAge.intervalDays);
    },
  };
}
