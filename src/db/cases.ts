// The case list's read model: one small row per case (what lists filter and
// show) and, apart, the case's last whole view (what the detail falls back to),
// both keyed by the case id and written by the workflow's records activity before
// each wait. Lists scan rows without the views' bulk. Temporal stays the source
// of truth; an older view never overwrites a newer one (eventCount only grows,
// across the case's runs too). The row of a closed case is how a later opening
// knows how it closed, and after how many events.
import mongoose, { Schema } from 'mongoose';
import {
  BUCKETS,
  CREDIT_CARD_SCHEME,
  DAY_MS,
  delinquencyAsOf,
  gradeConditions,
  LOAN_SCHEME,
  observedSince,
  type CaseOutcome,
  type CaseView,
  type ClassificationScheme,
  type Delinquency,
  type DpdBand,
} from '../domain';

export interface CaseRecord {
  /** The case id: lookups by _id are the ones every store serves from an index. */
  _id: string;
  caseId: string;
  loanId: string;
  /** 1 for the loan's first case, one more for each reopening; absent on rows from before runs were counted. */
  run?: number;
  status: CaseView['status'];
  stage: CaseView['stage'];
  /** As of the case's last turn; an open case's current DPD counts from delinquentSince (see rowAsOf). */
  daysPastDue: number;
  bucket: string;
  classification: string;
  npl: boolean;
  /** Why the case has its grade (see Classification.reason); absent on rows written before it was kept. */
  classificationReason?: string | null;
  /** The day the loan was last restructured, null when never: the grade stays at the scheme's floor while it is observed. */
  restructuredOn?: string | null;
  /** The oldest unpaid due date 'YYYY-MM-DD', null when nothing is unpaid; absent on rows written before it was kept. */
  delinquentSince?: string | null;
  /**
   * The DPD sort key: delinquentSince, or NOT_OVERDUE when nothing is unpaid, so
   * every store orders it alike (no nulls). Earlier dates are further past due.
   */
  overdueSince?: string;
  /** The classification scheme the case is graded under (credit-card, loan-default). */
  classificationScheme?: string;
  /** How and when (business time) the case closed; null while it is open. */
  closureOutcome?: CaseOutcome | null;
  closedAt?: Date | null;
  segment: string | null;
  paused: boolean;
  agency: string | null;
  balance: number;
  currency: string;
  strategyVersion: string;
  /** The strategy variant (champion/challenger arm) the case runs. */
  variant?: string;
  nextActionAt: Date | null;
  eventCount: number;
  updatedAt: Date;
  /** The kinds of hold on the case (dispute, settlement, hardship…), each once, sorted; absent on rows written before it was kept. */
  holds?: string[];
  /** The latest overdue reason's code, null before any; absent on rows written before it was kept. */
  overdueReason?: string | null;
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
    run: { type: Number },
    status: { type: String, required: true },
    stage: { type: String, required: true },
    daysPastDue: { type: Number, required: true },
    bucket: { type: String, required: true },
    classification: { type: String, required: true },
    npl: { type: Boolean, required: true },
    classificationReason: { type: String, default: null },
    restructuredOn: { type: String, default: null },
    delinquentSince: { type: String, default: null },
    overdueSince: { type: String },
    classificationScheme: { type: String },
    closureOutcome: { type: String, default: null },
    closedAt: { type: Date, default: null },
    segment: { type: String, default: null },
    paused: { type: Boolean, required: true },
    agency: { type: String, default: null },
    balance: { type: Number, required: true },
    currency: { type: String, required: true },
    strategyVersion: { type: String, required: true },
    variant: { type: String },
    nextActionAt: { type: Date, default: null },
    eventCount: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    holds: { type: [String], default: undefined },
    overdueReason: { type: String },
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
/** The overdueSince of a case with nothing unpaid: later than any due date, so least overdue. */
export const NOT_OVERDUE = '9999-12-31';

/**
 * The indexes the case list's queries use on MongoDB, equality fields first, then
 * the sort, then ranges (ESR). Lists filter on status and at most one of stage,
 * paused, bucket (a range of overdueSince) or DPD, and sort by caseId, DPD
 * (overdueSince) or balance; test/db/case-list-indexes.test.ts checks every
 * default query against these.
 */
export const CASE_LIST_INDEXES: Record<string, 1>[] = [
  { status: 1, caseId: 1 },
  { status: 1, overdueSince: 1, caseId: 1 },
  { status: 1, balance: 1, caseId: 1 },
  { status: 1, stage: 1, caseId: 1 },
  { status: 1, stage: 1, overdueSince: 1, caseId: 1 },
  { status: 1, stage: 1, balance: 1, caseId: 1 },
  { status: 1, paused: 1, caseId: 1 },
  { status: 1, paused: 1, overdueSince: 1, caseId: 1 },
  { status: 1, paused: 1, balance: 1, caseId: 1 },
  { status: 1, delinquentSince: 1, caseId: 1 },
];
for (const keys of CASE_LIST_INDEXES) caseSchema.index(keys);

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
    run: view.run ?? 1,
    status: view.status,
    stage: view.stage,
    daysPastDue: view.daysPastDue,
    bucket: view.bucket,
    classification: view.classification.name,
    npl: view.classification.npl,
    classificationReason: view.classification.reason ?? null,
    restructuredOn: view.restructuredOn ?? null,
    delinquentSince: view.delinquentSince ?? null,
    overdueSince: view.delinquentSince ?? NOT_OVERDUE,
    classificationScheme: view.classification.scheme,
    closureOutcome: view.closure?.outcome ?? null,
    closedAt: view.closure ? new Date(view.closure.at) : null,
    segment: view.segment,
    paused: view.paused !== null,
    agency: view.agency?.name ?? null,
    balance: view.balance,
    currency: view.currency,
    strategyVersion: `${view.strategy.id}@${view.strategy.version}`,
    variant: view.strategy.variant,
    nextActionAt: view.nextAction ? new Date(view.nextAction.at) : null,
    eventCount: view.eventCount,
    updatedAt: now,
    holds: [...new Set(view.holds.map((hold) => hold.kind))].sort(),
    overdueReason: view.overdueReason?.code ?? null,
  };
}

/** The row with DPD, bucket and grade as of now: an open case's DPD keeps counting between its turns. */
export function rowAsOf(record: CaseRecord, businessNowMs: number): CaseRecord {
  if (record.status !== 'open' || !record.delinquentSince || !record.classificationScheme) return record;
  return withDelinquency(record, delinquencyAsOf(record.delinquentSince, record.classificationScheme, businessNowMs, record.restructuredOn));
}

/** The row with these figures for today, where there are any. */
export function withDelinquency(record: CaseRecord, now: Delinquency | undefined): CaseRecord {
  if (!now) return record;
  const { daysPastDue, bucket, classification } = now;
  return { ...record, daysPastDue, bucket, classification: classification.name, npl: classification.npl, classificationReason: classification.reason ?? null };
}

/** A range of days past due, inclusive at both ends; open-ended where a bound is absent. */
export interface DpdRange {
  min?: number;
  max?: number;
}

export interface DelinquencyCriteria {
  dpd?: DpdRange;
  bucket?: string;
  classification?: string;
}

const SCHEMES = [CREDIT_CARD_SCHEME, LOAN_SCHEME];

function intersect(a: DpdRange, b: DpdRange): DpdRange | undefined {
  const min = Math.max(a.min ?? 0, b.min ?? 0);
  const max = a.max === undefined ? b.max : b.max === undefined ? a.max : Math.min(a.max, b.max);
  return max !== undefined && max < min ? undefined : { min, ...(max !== undefined && { max }) };
}

const rangeOf = (band: DpdBand): DpdRange => ({ min: band.minDpd, ...(band.maxDpd !== undefined && { max: band.maxDpd }) });
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The oldest unpaid due dates ('YYYY-MM-DD', inclusive) of open cases whose DPD
 * now lies in the range: DPD counts whole days from that date, so a DPD range is a
 * range of dates, exact whenever it is asked, however long ago the case last woke.
 */
function dueDatesFor(range: DpdRange, businessNowMs: number): { earliest?: string; latest?: string } {
  return {
    ...(range.min !== undefined && { latest: isoDay(businessNowMs - range.min * DAY_MS) }),
    ...(range.max !== undefined && { earliest: isoDay(businessNowMs - range.max * DAY_MS) }),
  };
}

/** The DPD range a bucket and a DPD range ask for together; undefined when none can match. */
function dpdAsked(dpd: DpdRange | undefined, bucket: string | undefined): DpdRange | undefined {
  if (bucket === undefined) return dpd ?? {};
  const band = BUCKETS.find((candidate) => candidate.name === bucket);
  return band && intersect(dpd ?? {}, rangeOf(band));
}

/**
 * The due dates an open case's delinquentSince must lie between for its DPD and
 * bucket now to be as asked; undefined when no date can. For the in-process list,
 * which walks its rows in due-date order from the first to the last.
 */
export function dueDateBounds(criteria: Omit<DelinquencyCriteria, 'classification'>, businessNowMs: number): { earliest?: string; latest?: string } | undefined {
  const asked = dpdAsked(criteria.dpd, criteria.bucket);
  return asked && dueDatesFor(asked, businessNowMs);
}

function delinquentSinceIn(range: DpdRange, businessNowMs: number): Record<string, string> {
  const { earliest, latest } = dueDatesFor(range, businessNowMs);
  return { ...(latest !== undefined && { $lte: latest }), ...(earliest !== undefined && { $gte: earliest }) };
}

const storedDpdIn = (range: DpdRange) => ({
  ...(range.min !== undefined && { $gte: range.min }),
  ...(range.max !== undefined && { $lte: range.max }),
});

/**
 * The restructuring days (restructuredOn) of the loans a scheme's floor holds
 * today, or of those it does not (absent: never restructured), each a clause.
 */
function restructuredOnFor(scheme: ClassificationScheme, observed: boolean | undefined, businessNowMs: number): Record<string, unknown>[] {
  if (observed === undefined || !scheme.restructured) return [{}];
  const today = isoDay(businessNowMs);
  const since = observedSince(today, scheme.restructured);
  if (observed) return [{ restructuredOn: { $gte: since, $lte: today } }];
  return [{ restructuredOn: null }, { restructuredOn: { $lt: since } }, { restructuredOn: { $gt: today } }];
}

/**
 * The filter for cases whose DPD, bucket and grade are as asked now. Open cases
 * are judged by delinquentSince and restructuredOn at business time
 * `businessNowMs`; closed cases (and rows written before delinquentSince was
 * kept) by the figures they last recorded. Undefined when nothing is asked.
 */
export function delinquencyFilter(criteria: DelinquencyCriteria, businessNowMs: number): Record<string, unknown> | undefined {
  const { dpd, bucket, classification } = criteria;
  if (!dpd && bucket === undefined && classification === undefined) return undefined;
  const asked = dpdAsked(dpd, bucket);
  const never = { _id: { $in: [] } };
  if (!asked) return never;

  const open = (classification === undefined ? [{ range: asked, restructured: [{}] }] : SCHEMES.flatMap((scheme) =>
    gradeConditions(scheme, classification).map(({ band, observed }) => ({
      scheme: scheme.id,
      range: intersect(asked, rangeOf(band)),
      restructured: restructuredOnFor(scheme, observed, businessNowMs),
    })),
  ))
    .filter((alternative): alternative is { scheme?: string; range: DpdRange; restructured: Record<string, unknown>[] } => alternative.range !== undefined)
    .flatMap(({ scheme, range, restructured }) => restructured.map((restructuring) => ({
      status: 'open',
      delinquentSince: { $ne: null, ...delinquentSinceIn(range, businessNowMs) },
      ...(scheme && { classificationScheme: scheme }),
      ...restructuring,
    })));
  const recorded = {
    $or: [{ status: 'closed' }, { delinquentSince: null }],
    ...(dpd || bucket !== undefined ? { daysPastDue: storedDpdIn(asked) } : {}),
    ...(classification !== undefined && { classification }),
  };
  return { $or: [...open, recorded] };
}
