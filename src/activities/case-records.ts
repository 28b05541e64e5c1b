import type mongoose from 'mongoose';
import { auditId, auditModel } from '../db/audit';
import { caseModel, caseRecordOf, caseViewModel, type CaseRecord } from '../db/cases';
import type { CaseEvent, CaseView } from '../domain';

export interface CaseProgress {
  caseId: string;
  loanId: string;
  events: CaseEvent[];
  view: CaseView;
}

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

// Every write here is an insert or a lookup by _id: FerretDB serves only those
// from an index (with the index scripts/ferretdb adds), so a case's turn costs
// the same with a thousand cases on file as with a hundred thousand.
export function createCaseRecordActivities(connection: mongoose.Connection) {
  const Audit = auditModel(connection);
  const Case = caseModel(connection);
  const CaseView = caseViewModel(connection);

  /** Brings the read model (list row and whole view) up to the view unless a newer view (more events) is already there. */
  async function writeView(view: CaseView): Promise<void> {
    const now = new Date();
    const { _id, ...row } = caseRecordOf(view, now);
    const whole = { eventCount: view.eventCount, view, updatedAt: now };
    const stored = await Case.findById(_id, { eventCount: 1 }).lean<Pick<CaseRecord, 'eventCount'>>();
    // The records activity runs once per turn, in order; only an attempt that
    // outlived its timeout could come late, and it is caught here.
    if (stored && stored.eventCount >= view.eventCount) return;
    const replaced = await CaseView.updateOne({ _id }, { $set: whole });
    if (!replaced.matchedCount) await CaseView.create({ _id, ...whole }).catch(ignoreDuplicate);
    if (stored) {
      await Case.updateOne({ _id }, { $set: row });
      return;
    }
    try {
      await Case.create({ _id, ...row });
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      // Another attempt inserted it meanwhile, or a row from before cases were keyed by id holds the caseId.
      await Case.updateOne({ caseId: view.caseId, eventCount: { $lt: view.eventCount } }, { $set: row });
    }
  }

  return {
    /** Appends the events to the audit trail (each once) and brings the read model up to the view. */
    async recordCaseProgress({ caseId, loanId, events, view }: CaseProgress): Promise<void> {
      if (events.length) {
        try {
          await Audit.insertMany(
            events.map((event) => ({ ...event, _id: auditId(caseId, event.seq), caseId, loanId, at: new Date(event.at) })),
            { ordered: false },
          );
        } catch (error) {
          if (!isOnlyDuplicates(error)) throw error;
        }
      }
      await writeView(view);
    },
  };
}

const ignoreDuplicate = (error: unknown) => {
  if (!isDuplicate(error)) throw error;
};

function isOnlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  if (!writeErrors?.length) return isDuplicate(error);
  return writeErrors.every((writeError) => (writeError.code ?? writeError.err?.code) === DUPLICATE_KEY);
}
