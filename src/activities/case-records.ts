import type mongoose from 'mongoose';
import { auditModel } from '../db/audit';
import { caseModel, caseRecordOf } from '../db/cases';
import type { CaseEvent, CaseView } from '../workflows/collection-case/case-view';

export interface CaseProgress {
  caseId: string;
  loanId: string;
  events: CaseEvent[];
  view: CaseView;
}

const DUPLICATE_KEY = 11000;

export function createCaseRecordActivities(connection: mongoose.Connection) {
  const Audit = auditModel(connection);
  const Case = caseModel(connection);
  return {
    /** Appends the events to the audit trail (each once) and brings the read model up to the view. */
    async recordCaseProgress({ caseId, loanId, events, view }: CaseProgress): Promise<void> {
      if (events.length) {
        try {
          await Audit.insertMany(
            events.map((event) => ({ ...event, caseId, loanId, at: new Date(event.at) })),
            { ordered: false },
          );
        } catch (error) {
          if (!isOnlyDuplicates(error)) throw error;
        }
      }
      try {
        await Case.updateOne(
          { caseId, eventCount: { $lt: view.eventCount } },
          { $set: caseRecordOf(view, new Date()) },
          { upsert: true },
        );
      } catch (error) {
        // A newer view is already there: the filter missed and the upsert hit the unique caseId.
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
    },
  };
}

function isOnlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  if (!writeErrors?.length) return (error as { code?: number }).code === DUPLICATE_KEY;
  return writeErrors.every((writeError) => (writeError.code ?? writeError.err?.code) === DUPLICATE_KEY);
}
