// The append-only audit trail: every case event with its actor and reason,
// written once per (caseId, seq), its _id, however often the records activity retries.
import mongoose, { Schema } from 'mongoose';
import type { CaseEvent } from '../domain';

export interface AuditRecord extends Omit<CaseEvent, 'at' | 'type'> {
  /** `<caseId>:<seq>`; a strategy's own entries: `strategy:<id>:<event>:v<version>`. */
  _id: string;
  /** A case's event, or a strategy's promotion (under caseId `strategy:<id>`, loanId '-', seq the new version). */
  type: CaseEvent['type'] | 'strategy-promoted';
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
/** The reports' range: one event type over a business-time window. */
export const AUDIT_REPORT_INDEX = { type: 1, at: 1 } as const;
auditSchema.index(AUDIT_REPORT_INDEX);

export const auditId = (caseId: string, seq: number) => `${caseId}:${seq}`;

export function auditModel(connection: mongoose.Connection) {
  return connection.models.Audit ?? connection.model<AuditRecord>('Audit', auditSchema);
}

/** What the reports read of an event: no actor names, no reason text. */
export type AuditReportEvent = Pick<AuditRecord, 'caseId' | 'seq' | 'at' | 'type' | 'actor' | 'data'>;

/**
 * The events of the given types from `from` (business time) up to `to` (or with
 * no end), streamed with a projection, for the reports to count in code: the
 * stores share no $lookup or accumulator beyond $sum, and a report joins events
 * of a case (a contact and the payment after it). AUDIT_REPORT_INDEX serves the
 * range on MongoDB; FerretDB reads the trail through.
 */
export function auditEventsBetween(connection: mongoose.Connection, types: readonly string[], from: Date, to?: Date): AsyncIterable<AuditReportEvent> {
  return auditModel(connection)
    .find({ type: { $in: types }, at: { $gte: from, ...(to && { $lt: to }) } }, { caseId: 1, seq: 1, at: 1, type: 1, actor: 1, data: 1 })
    .lean<AuditReportEvent[]>()
    .batchSize(2000)
    .cursor();
}

/** Records a strategy's promotion once per new version: who, when, why and the figures, in `data`. */
export async function recordStrategyPromotion(
  connection: mongoose.Connection,
  entry: { strategyId: string; version: number; actor: string; reason: string; at: Date; data: Record<string, unknown> },
): Promise<void> {
  const Audit = auditModel(connection) as mongoose.Model<AuditRecord>;
  const _id = `strategy:${entry.strategyId}:promotion:v${entry.version}`;
  const record: Omit<AuditRecord, '_id'> = {
    caseId: `strategy:${entry.strategyId}`, loanId: '-', seq: entry.version, at: entry.at,
    type: 'strategy-promoted', actor: entry.actor, reason: entry.reason, data: entry.data,
  };
  await Audit.updateOne({ _id }, { $setOnInsert: record }, { upsert: true });
}
