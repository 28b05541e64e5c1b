// The daily snapshots. A day is kept in columns (src/db/snapshot-chunks.ts), its
// chunk count in snapshot_days. Days taken before the columns are one document per
// open case, keyed `<YYYY-MM-DD>:<caseId>`, in case_snapshots, read by one _id range:
// MongoDB serves it from the _id index, FerretDB 1.24 (which pushes only {_id: v}
// down to SQLite) by reading the collection (docs/reports.md). Written by
// src/cases/reports/snapshots.ts (the portfolio sweep and POST /v1/reports/snapshots).
import mongoose, { Schema } from 'mongoose';

export interface CaseSnapshot {
  /** `<day>:<caseId>`. */
  _id: string;
  /** The business day 'YYYY-MM-DD' (UTC) the figures are as of. */
  day: string;
  caseId: string;
  loanId: string;
  /** credit-card or loan, from the classification scheme the case is graded under. */
  product: string;
  bucket: string;
  classification: { name: string; npl: boolean };
  /** Minor units of `currency`. */
  balance: number;
  currency: string;
  dpd: number;
  stage: string;
  strategy: { id: string; version: number; variant: string | null };
  segment: string | null;
  agency: string | null;
  /** The latest overdue reason's code; null before any (or on a row written before reasons were kept on rows). */
  overdueReason: string | null;
}

const snapshotSchema = new Schema<CaseSnapshot>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    product: { type: String, required: true },
    bucket: { type: String, required: true },
    classification: { name: { type: String, required: true }, npl: { type: Boolean, required: true } },
    balance: { type: Number, required: true },
    currency: { type: String, required: true },
    dpd: { type: Number, required: true },
    stage: { type: String, required: true },
    strategy: { id: { type: String, required: true }, version: { type: Number, required: true }, variant: { type: String, default: null } },
    segment: { type: String, default: null },
    agency: { type: String, default: null },
    overdueReason: { type: String, default: null },
  },
  { collection: 'case_snapshots', versionKey: false, minimize: false },
);

export const snapshotId = (day: string, caseId: string) => `${day}:${caseId}`;

/** The _id range of one day's snapshots: ':' sorts before every character a case id holds after the day, ';' just after ':'. */
export const dayRange = (day: string) => ({ _id: { $gte: `${day}:`, $lt: `${day};` } });

export function snapshotModel(connection: mongoose.Connection) {
  return (connection.models.CaseSnapshot as mongoose.Model<CaseSnapshot> | undefined) ?? connection.model<CaseSnapshot>('CaseSnapshot', snapshotSchema);
}

/** The days taken, one document each, so the reports know the days without reading the snapshots. */
export interface SnapshotDay {
  /** 'YYYY-MM-DD'. */
  _id: string;
  cases: number;
  takenAt: Date;
  /** The day's chunks in case_snapshot_chunks; absent on a day taken as one document per case. */
  chunks?: number;
}

const snapshotDaySchema = new Schema<SnapshotDay>(
  { _id: { type: String, required: true }, cases: { type: Number, required: true }, takenAt: { type: Date, required: true }, chunks: { type: Number } },
  { collection: 'snapshot_days', versionKey: false },
);

export function snapshotDayModel(connection: mongoose.Connection) {
  return (connection.models.SnapshotDay as mongoose.Model<SnapshotDay> | undefined) ?? connection.model<SnapshotDay>('SnapshotDay', snapshotDaySchema);
}
