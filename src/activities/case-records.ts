import type mongoose from 'mongoose';
import { auditId, auditModel } from '../db/audit';
import { caseModel, caseRecordOf, type CaseRecord } from '../db/cases';
import type { CaseEvent, CaseView } from '../workflows/collection-case/case-view';

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

  /** Brings the read model up to the view unless a newer view (more events) is already there. */
  async function writeView(view: CaseView): Promise<void> {
    const record = caseRecordOf(view, new Date());
    const { _id, ...fields } = record;
    const stored = await Case.findById(view.caseId, { eventCount: 1 }).lean<Pick<CaseRecord, 'eventCount'>>();
    if (!stored) {
      try {
        await Case.create(record);
        return;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        // Another attempt inserted it meanwhile, or a record from before cases were keyed by id holds the caseId.
        await Case.updateOne({ caseId: view.caseId, eventCount: { $lt: view.eventCount } }, { $set: fields });
        return;
      }
    }
    // The records activity runs once per turn, in order; only an attempt that
    // outlived its timeout could come late, and it is caught here.
    if (stored.eventCount < view.eventCount) await Case.updateOne({ _id }, { $set: fields });
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

function isOnlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  if (!writeErrors?.length) return isDuplicate(error);
  return writeErrors.every((writeError) => (writeError.code ?? writeError.err?.code) === DUPLICATE_KEY);
}
