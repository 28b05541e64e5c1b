// The append-only audit trail: every case event with its actor and reason,
// written once per (caseId, seq), its _id, however often the records activity retries.
import mongoose, { Schema } from 'mongoose';
import type { CaseEvent } from '../domain';

export interface AuditRecord extends Omit<CaseEvent, 'at'> {
  /** `<caseId>:<seq>`. */
  _id: string;
  caseId: string;
  loanId: string;
  at: Date;
}

const auditSchema = new Schema<AuditRecord>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    type: { type: String, required: true },
    actor: { type: String, required: true },
    reason: { type: String, required: true },
    data: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_trail', versionKey: false },
);
auditSchema.index({ caseId: 1, seq: 1 }, { unique: true });

export const auditId = (caseId: string, seq: number) => `${caseId}:${seq}`;

export function auditModel(connection: mongoose.Connection) {
  return connection.models.Audit ?? connection.model<AuditRecord>('Audit', auditSchema);
}
