// The case list's read model: one small row per case (what lists filter and
// show) and, apart, the case's last whole view (what the detail falls back to),
// both keyed by the case id and written by the workflow's records activity after
// each turn. Lists scan rows without the views' bulk. Temporal stays the source
// of truth; an older view never overwrites a newer one (eventCount only grows).
import mongoose, { Schema } from 'mongoose';
import type { CaseView } from '../workflows/collection-case/case-view';

export interface CaseRecord {
  /** The case id: lookups by _id are the ones every store serves from an index. */
  _id: string;
  caseId: string;
  loanId: string;
  status: CaseView['status'];
  stage: CaseView['stage'];
  daysPastDue: number;
  bucket: string;
  classification: string;
  npl: boolean;
  segment: string | null;
  paused: boolean;
  agency: string | null;
  balance: number;
  currency: string;
  strategyVersion: string;
  nextActionAt: Date | null;
  eventCount: number;
  updatedAt: Date;
}

export interface CaseViewRecord {
  /** The case id. */
  _id: string;
  eventCount: number;
  view: CaseView;
  updatedAt: Date;
}

const caseSchema = new Schema<CaseRecord>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true, unique: true },
    loanId: { type: String, required: true },
    status: { type: String, required: true },
    stage: { type: String, required: true },
    daysPastDue: { type: Number, required: true },
    bucket: { type: String, required: true },
    classification: { type: String, required: true },
    npl: { type: Boolean, required: true },
    segment: { type: String, default: null },
    paused: { type: Boolean, required: true },
    agency: { type: String, default: null },
    balance: { type: Number, required: true },
    currency: { type: String, required: true },
    strategyVersion: { type: String, required: true },
    nextActionAt: { type: Date, default: null },
    eventCount: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cases', versionKey: false, minimize: false },
);

const caseViewSchema = new Schema<CaseViewRecord>(
  {
    _id: { type: String, required: true },
    eventCount: { type: Number, required: true },
    view: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'case_views', versionKey: false, minimize: false },
);
caseSchema.index({ stage: 1, caseId: 1 });
caseSchema.index({ bucket: 1, caseId: 1 });
caseSchema.index({ daysPastDue: 1, caseId: 1 });

export function caseModel(connection: mongoose.Connection) {
  return (connection.models.Case as mongoose.Model<CaseRecord> | undefined) ?? connection.model<CaseRecord>('Case', caseSchema);
}

export function caseViewModel(connection: mongoose.Connection) {
  return (connection.models.CaseView as mongoose.Model<CaseViewRecord> | undefined) ?? connection.model<CaseViewRecord>('CaseView', caseViewSchema);
}

export function caseRecordOf(view: CaseView, now: Date): CaseRecord {
  return {
    _id: view.caseId,
    caseId: view.caseId,
    loanId: view.loanId,
    status: view.status,
    stage: view.stage,
    daysPastDue: view.daysPastDue,
    bucket: view.bucket,
    classification: view.classification.name,
    npl: view.classification.npl,
    segment: view.segment,
    paused: view.paused !== null,
    agency: view.agency?.name ?? null,
    balance: view.balance,
    currency: view.currency,
    strategyVersion: `${view.strategy.id}@${view.strategy.version}`,
    nextActionAt: view.nextAction ? new Date(view.nextAction.at) : null,
    eventCount: view.eventCount,
    updatedAt: now,
  };
}
