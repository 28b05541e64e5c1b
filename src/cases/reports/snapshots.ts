// The daily snapshot of the portfolio: every open case's bucket, grade, balance,
// DPD, stage, strategy, segment, agency and latest overdue reason as of a
// business day, one document per case (src/db/snapshots.ts). The portfolio
// sweep takes it once a day; a supervisor may take it on demand. The read
// model's rows are streamed (a cursor with a projection) and written in batches
// of upserts by _id, so taking a day again writes the same documents, and the
// rows of cases that closed since an earlier take of the day are removed.
import type mongoose from 'mongoose';
import { caseModel, rowAsOf, type CaseRecord } from '../../db/cases';
import { dayRange, snapshotDayModel, snapshotId, snapshotModel, type CaseSnapshot } from '../../db/snapshots';
import { DAY_MS } from '../../domain';

export const SNAPSHOT_BATCH = 500;

export interface SnapshotTaken {
  day: string;
  /** Open cases written for the day. */
  cases: number;
  /** Documents of the day removed: cases an earlier take of the day held that are no longer open. */
  removed: number;
}

/** The product a case is graded for: the scheme was chosen by it (classificationSchemeFor). */
export const productOfScheme = (schemeId: string | undefined) => (schemeId === 'credit-card' ? 'credit-card' : 'loan');

const ROW_FIELDS = {
  caseId: 1, loanId: 1, status: 1, stage: 1, daysPastDue: 1, bucket: 1, classification: 1, npl: 1, restructuredOn: 1, delinquentSince: 1,
  classificationScheme: 1, segment: 1, agency: 1, balance: 1, currency: 1, strategyVersion: 1, variant: 1, overdueReason: 1,
} as const;

/** A case's snapshot for the day, its DPD, bucket and grade counted to `asOfMs`. */
export function snapshotOf(row: CaseRecord, day: string, asOfMs: number): CaseSnapshot {
  const now = rowAsOf(row, asOfMs);
  const [strategyId, version] = now.strategyVersion.split('@');
  return {
    _id: snapshotId(day, now.caseId),
    day,
    caseId: now.caseId,
    loanId: now.loanId,
    product: productOfScheme(now.classificationScheme),
    bucket: now.bucket,
    classification: { name: now.classification, npl: now.npl },
    balance: now.balance,
    currency: now.currency,
    dpd: now.daysPastDue,
    stage: now.stage,
    strategy: { id: strategyId, version: Number(version), variant: now.variant ?? null },
    segment: now.segment,
    agency: now.agency,
    overdueReason: now.overdueReason ?? null,
  };
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The instant a day's figures are counted to: now for today, the day's last
 * millisecond for a day past (DPD then as it was; balance, stage and the rest as
 * the rows hold them now).
 */
export function asOfFor(day: string, businessNowMs: number): number {
  return day === isoDay(businessNowMs) ? businessNowMs : Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1;
}

/**
 * Takes the day's snapshot (today, business time, when no day is given).
 * `progress` hears the running count after each batch (the sweep heartbeats it).
 */
export async function takeSnapshot(
  deps: { database: mongoose.Connection; businessNow(): number },
  options: { day?: string; progress?: (written: number) => void } = {},
): Promise<SnapshotTaken> {
  const businessNowMs = deps.businessNow();
  const day = options.day ?? isoDay(businessNowMs);
  const asOfMs = asOfFor(day, businessNowMs);
  const Snapshot = snapshotModel(deps.database);
  const Days = snapshotDayModel(deps.database);
  const takenBefore = (await Days.findById(day).lean()) !== null;
  const written = new Set<string>();
  let batch: CaseSnapshot[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await Snapshot.bulkWrite(batch.map((snapshot) => ({ replaceOne: { filter: { _id: snapshot._id }, replacement: snapshot, upsert: true } })), { ordered: false });
    batch = [];
    options.progress?.(written.size);
  };
  const rows = caseModel(deps.database).find({ status: 'open' }, ROW_FIELDS).lean<CaseRecord[]>().cursor({ batchSize: SNAPSHOT_BATCH });
  for await (const row of rows) {
    // A case not yet past due on a day gone by was not in the portfolio's arrears that day.
    if (row.delinquentSince && row.delinquentSince > day) continue;
    const snapshot = snapshotOf(row, day, asOfMs);
    written.add(snapshot._id);
    batch.push(snapshot);
    if (batch.length >= SNAPSHOT_BATCH) await flush();
  }
  await flush();
  let removed = 0;
  if (takenBefore) {
    const stale = (await Snapshot.find(dayRange(day), { _id: 1 }).lean()).map(({ _id }) => _id).filter((id) => !written.has(id));
    for (let start = 0; start < stale.length; start += SNAPSHOT_BATCH) {
      // One by _id: FerretDB finds { _id: { $in } } by reading the collection.
      await Snapshot.bulkWrite(stale.slice(start, start + SNAPSHOT_BATCH).map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
    }
    removed = stale.length;
  }
  await Days.replaceOne({ _id: day }, { _id: day, cases: written.size, takenAt: new Date(businessNowMs) }, { upsert: true });
  return { day, cases: written.size, removed };
}
