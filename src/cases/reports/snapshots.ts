// The daily snapshot of the portfolio: every open case's bucket, grade, balance,
// DPD, stage, strategy, segment, agency and latest overdue reason as of a
// business day, in columnar chunks (src/db/snapshot-chunks.ts). The portfolio
// sweep takes it once a day; a supervisor may take it on demand. The read
// model's rows are streamed (a cursor with a projection) and written a chunk at a
// time, each an upsert by _id, so taking a day again writes the same chunks; the
// cases that closed since an earlier take of the day are gone from it.
import type mongoose from 'mongoose';
import { caseModel, rowAsOf, type CaseRecord } from '../../db/cases';
import { dayRange, snapshotDayModel, snapshotId, snapshotModel, type CaseSnapshot } from '../../db/snapshots';
import { chunkedDay, chunkId, CLOSURES_KEPT_DAYS, CLOSURES_KEPT_MAX, encodeChunk, encodeClosures, SNAPSHOT_CHUNK_ROWS, snapshotChunkModel, snapshotClosuresModel, type Closure } from '../../db/snapshot-chunks';
import { DAY_MS } from '../../domain';

export const SNAPSHOT_BATCH = 500;

export interface SnapshotTaken {
  day: string;
  /** Open cases written for the day. */
  cases: number;
  /** Cases an earlier take of the day held that are no longer open. */
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

/** What an earlier take of the day held: the cases, and how (chunks, or one document per case). */
async function earlierTake(database: mongoose.Connection, day: string): Promise<{ chunks?: number; caseIds: Set<string> } | null> {
  const earlier = await snapshotDayModel(database).findById(day).lean();
  if (!earlier) return null;
  const caseIds = new Set<string>();
  if (earlier.chunks !== undefined) {
    for await (const { caseId } of chunkedDay(database, day, earlier.chunks, ['caseId'])) caseIds.add(caseId);
  } else {
    // A day taken as one document per case: read once (a scan on FerretDB), then replaced by chunks.
    for (const { caseId } of await snapshotModel(database).find(dayRange(day), { caseId: 1 }).lean()) caseIds.add(caseId);
  }
  return { chunks: earlier.chunks, caseIds };
}

/**
 * Writes a day's snapshots in chunks of `chunkRows`, each an upsert by _id, so
 * taking the day again writes the same ids. `finish` records the day and its
 * chunk count, then drops what an earlier take of the day held beyond them:
 * surplus chunks, or the day's documents of one per case, by _id.
 */
export async function snapshotDayWriter(database: mongoose.Connection, day: string, options: { chunkRows?: number; progress?: (written: number) => void } = {}) {
  const chunkRows = options.chunkRows ?? SNAPSHOT_CHUNK_ROWS;
  const Chunk = snapshotChunkModel(database);
  const earlier = await earlierTake(database, day);
  const written = new Set<string>();
  const closures: Closure[] = [];
  let chunks = 0;
  let pending: CaseSnapshot[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const chunk = encodeChunk(day, chunks, pending);
    await Chunk.replaceOne({ _id: chunk._id }, chunk, { upsert: true });
    chunks += 1;
    pending = [];
    options.progress?.(written.size);
  };
  return {
    async add(snapshot: CaseSnapshot) {
      written.add(snapshot.caseId);
      pending.push(snapshot);
      if (pending.length >= chunkRows) await flush();
    },
    /** A case closed in the CLOSURES_KEPT_DAYS to the day's end, kept with the day (up to CLOSURES_KEPT_MAX; a case not kept is looked up). */
    addClosure(closure: Closure) {
      if (closures.length < CLOSURES_KEPT_MAX) closures.push(closure);
    },
    async finish(takenAt: Date): Promise<{ cases: number; removed: number; chunks: number }> {
      await flush();
      const kept = encodeClosures(day, closures);
      await snapshotClosuresModel(database).replaceOne({ _id: day }, kept, { upsert: true });
      await snapshotDayModel(database).replaceOne({ _id: day }, { _id: day, cases: written.size, takenAt, chunks }, { upsert: true });
      if (earlier?.chunks !== undefined && earlier.chunks > chunks) {
        const surplus = Array.from({ length: earlier.chunks - chunks }, (_, i) => chunkId(day, chunks + i));
        await Chunk.bulkWrite(surplus.map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
      }
      if (earlier && earlier.chunks === undefined) {
        const rows = [...earlier.caseIds].map((caseId) => snapshotId(day, caseId));
        for (let start = 0; start < rows.length; start += SNAPSHOT_BATCH) {
          // One by _id: FerretDB finds { _id: { $in } } by reading the collection.
          await snapshotModel(database).bulkWrite(rows.slice(start, start + SNAPSHOT_BATCH).map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
        }
      }
      const removed = earlier ? [...earlier.caseIds].filter((caseId) => !written.has(caseId)).length : 0;
      return { cases: written.size, removed, chunks };
    },
  };
}

/**
 * Takes the day's snapshot (today, business time, when no day is given).
 * `progress` hears the running count after each chunk (the sweep heartbeats it).
 */
export async function takeSnapshot(
  deps: { database: mongoose.Connection; businessNow(): number },
  options: { day?: string; progress?: (written: number) => void; chunkRows?: number } = {},
): Promise<SnapshotTaken> {
  const businessNowMs = deps.businessNow();
  const day = options.day ?? isoDay(businessNowMs);
  const asOfMs = asOfFor(day, businessNowMs);
  const writer = await snapshotDayWriter(deps.database, day, options);
  // The open cases, and those closed in the days before (a read of every row on FerretDB either way).
  const closedSince = new Date(asOfMs - CLOSURES_KEPT_DAYS * DAY_MS);
  const filter = { $or: [{ status: 'open' as const }, { status: 'closed' as const, closedAt: { $gte: closedSince } }] };
  const rows = caseModel(deps.database).find(filter, { ...ROW_FIELDS, closureOutcome: 1, closedAt: 1 }).lean<CaseRecord[]>().cursor({ batchSize: SNAPSHOT_BATCH });
  for await (const row of rows) {
    if (row.status === 'closed') {
      if (row.closedAt && row.closedAt.getTime() <= asOfMs) writer.addClosure({ caseId: row.caseId, outcome: row.closureOutcome ?? null, closedAtMs: row.closedAt.getTime() });
      continue;
    }
    // A case not yet past due on a day gone by was not in the portfolio's arrears that day.
    if (row.delinquentSince && row.delinquentSince > day) continue;
    await writer.add(snapshotOf(row, day, asOfMs));
  }
  const { cases, removed } = await writer.finish(new Date(businessNowMs));
  return { day, cases, removed };
}
