// A snapshot day in columns: the day's open cases in chunk documents of up to
// SNAPSHOT_CHUNK_ROWS rows, keyed `<YYYY-MM-DD>:<chunkNo>` (0000, 0001, …), each
// field one column kept as a JSON array in a string. A report reads a day with one
// read by _id per chunk, the one read FerretDB 1.24 serves from its index (it
// pushes down no _id range), and a string is one value for FerretDB to convert
// where an array of 5,000 is 5,000: measured on 50,000 rows, 0.2 s in string
// columns against 2.2 s in array columns and some 6 s as 50,000 documents
// (docs/reports.md). snapshot_days says how many chunks a day has; a day taken
// before the columns has none and is read from case_snapshots (src/db/snapshots.ts).
import mongoose, { Schema } from 'mongoose';
import type { CaseSnapshot } from './snapshots';
import { snapshotId } from './snapshots';

/** Rows per chunk: about 0.9 MB a chunk with the ids the bench uses, well under MongoDB's 16 MB; past 5,000 FerretDB reads no faster. */
export const SNAPSHOT_CHUNK_ROWS = 5000;
/** Chunks a reader keeps in flight. */
export const CHUNK_READS_IN_FLIGHT = 4;

/** Each column and how a snapshot fills it. */
const COLUMNS = {
  caseId: (s: CaseSnapshot) => s.caseId,
  loanId: (s: CaseSnapshot) => s.loanId,
  product: (s: CaseSnapshot) => s.product,
  bucket: (s: CaseSnapshot) => s.bucket,
  classification: (s: CaseSnapshot) => s.classification.name,
  npl: (s: CaseSnapshot) => s.classification.npl,
  balance: (s: CaseSnapshot) => s.balance,
  currency: (s: CaseSnapshot) => s.currency,
  dpd: (s: CaseSnapshot) => s.dpd,
  stage: (s: CaseSnapshot) => s.stage,
  strategyId: (s: CaseSnapshot) => s.strategy.id,
  strategyVersion: (s: CaseSnapshot) => s.strategy.version,
  variant: (s: CaseSnapshot) => s.strategy.variant,
  segment: (s: CaseSnapshot) => s.segment,
  agency: (s: CaseSnapshot) => s.agency,
  overdueReason: (s: CaseSnapshot) => s.overdueReason,
} as const;
type Column = keyof typeof COLUMNS;
const COLUMN_NAMES = Object.keys(COLUMNS) as Column[];

/** The columns a snapshot field is read from. */
const COLUMNS_OF: Record<keyof CaseSnapshot, Column[]> = {
  _id: ['caseId'], day: [], caseId: ['caseId'], loanId: ['loanId'], product: ['product'], bucket: ['bucket'], classification: ['classification', 'npl'],
  balance: ['balance'], currency: ['currency'], dpd: ['dpd'], stage: ['stage'], strategy: ['strategyId', 'strategyVersion', 'variant'], segment: ['segment'],
  agency: ['agency'], overdueReason: ['overdueReason'],
};

export type SnapshotChunk = { _id: string; day: string; rows: number } & Record<Column, string>;

const chunkSchema = new Schema<SnapshotChunk>(
  { _id: { type: String, required: true }, day: { type: String, required: true }, rows: { type: Number, required: true }, ...Object.fromEntries(COLUMN_NAMES.map((c) => [c, { type: String, required: true }])) },
  { collection: 'case_snapshot_chunks', versionKey: false },
);

export function snapshotChunkModel(connection: mongoose.Connection) {
  return (connection.models.SnapshotChunk as mongoose.Model<SnapshotChunk> | undefined) ?? connection.model<SnapshotChunk>('SnapshotChunk', chunkSchema);
}

export const chunkId = (day: string, chunkNo: number) => `${day}:${String(chunkNo).padStart(4, '0')}`;

export function encodeChunk(day: string, chunkNo: number, snapshots: readonly CaseSnapshot[]): SnapshotChunk {
  const columns = Object.fromEntries(COLUMN_NAMES.map((column) => {
    const fill: (snapshot: CaseSnapshot) => unknown = COLUMNS[column];
    return [column, JSON.stringify(snapshots.map((snapshot) => fill(snapshot)))];
  })) as Record<Column, string>;
  return { _id: chunkId(day, chunkNo), day, rows: snapshots.length, ...columns };
}

/** The chunk's rows with the fields asked (and the day). */
export function decodeChunk<K extends keyof CaseSnapshot>(chunk: Partial<SnapshotChunk> & { day: string; rows: number }, fields: readonly K[]): Pick<CaseSnapshot, K | 'day'>[] {
  const columns = new Map<Column, unknown[]>();
  for (const field of fields) for (const column of COLUMNS_OF[field]) if (!columns.has(column)) columns.set(column, JSON.parse(chunk[column] ?? '[]'));
  const at = (column: Column, i: number) => columns.get(column)![i];
  const rows: Pick<CaseSnapshot, K | 'day'>[] = [];
  for (let i = 0; i < chunk.rows; i++) {
    const row: Record<string, unknown> = { day: chunk.day };
    for (const field of fields) {
      if (field === '_id') row._id = snapshotId(chunk.day, at('caseId', i) as string);
      else if (field === 'classification') row.classification = { name: at('classification', i), npl: at('npl', i) };
      else if (field === 'strategy') row.strategy = { id: at('strategyId', i), version: at('strategyVersion', i), variant: at('variant', i) };
      else if (field !== 'day') row[field] = at(field as Column, i);
    }
    rows.push(row as Pick<CaseSnapshot, K | 'day'>);
  }
  return rows;
}

/** A chunked day's rows, chunk by chunk, CHUNK_READS_IN_FLIGHT chunks read by _id at once, each with only the columns asked. */
export async function* chunkedDay<K extends keyof CaseSnapshot>(connection: mongoose.Connection, day: string, chunks: number, fields: readonly K[]): AsyncIterable<Pick<CaseSnapshot, K | 'day'>> {
  const Chunk = snapshotChunkModel(connection);
  const projection = Object.fromEntries(['day', 'rows', ...fields.flatMap((field) => COLUMNS_OF[field])].map((column) => [column, 1]));
  for (let start = 0; start < chunks; start += CHUNK_READS_IN_FLIGHT) {
    const ids = Array.from({ length: Math.min(CHUNK_READS_IN_FLIGHT, chunks - start) }, (_, i) => chunkId(day, start + i));
    const read = await Promise.all(ids.map((_id) => Chunk.findById(_id, projection).lean<SnapshotChunk>()));
    for (const [i, chunk] of read.entries()) {
      if (!chunk) throw new Error(`Snapshot chunk ${ids[i]} is missing (the day says ${chunks}); take the day again`);
      yield* decodeChunk(chunk, fields);
    }
  }
}

/**
 * The cases closed in the CLOSURES_KEPT_DAYS before a chunked day (to its end):
 * one document per day, `_id` the day, the columns caseId, outcome and closedAt
 * (ms) as JSON arrays in strings. A report finds where the cases gone between two
 * days went in the closures of the days taken between them, without a read per case.
 */
export const CLOSURES_KEPT_DAYS = 7;
/** At most this many closures kept with a day (about 6 MB): past it, the rest are found in the read model. */
export const CLOSURES_KEPT_MAX = 100_000;

export interface SnapshotClosures {
  _id: string;
  caseId: string;
  outcome: string;
  closedAt: string;
}

export interface Closure {
  caseId: string;
  outcome: string | null;
  closedAtMs: number;
}

const closuresSchema = new Schema<SnapshotClosures>(
  { _id: { type: String, required: true }, caseId: { type: String, required: true }, outcome: { type: String, required: true }, closedAt: { type: String, required: true } },
  { collection: 'case_snapshot_closures', versionKey: false },
);

export function snapshotClosuresModel(connection: mongoose.Connection) {
  return (connection.models.SnapshotClosures as mongoose.Model<SnapshotClosures> | undefined) ?? connection.model<SnapshotClosures>('SnapshotClosures', closuresSchema);
}

export const encodeClosures = (day: string, closures: readonly Closure[]): SnapshotClosures => ({
  _id: day,
  caseId: JSON.stringify(closures.map((c) => c.caseId)),
  outcome: JSON.stringify(closures.map((c) => c.outcome)),
  closedAt: JSON.stringify(closures.map((c) => c.closedAtMs)),
});

/** The closures kept with each day, read by _id (a day with none kept: none). */
export async function closuresOn(connection: mongoose.Connection, days: readonly string[]): Promise<Closure[]> {
  const Closures = snapshotClosuresModel(connection);
  const closures: Closure[] = [];
  for (const kept of await Promise.all(days.map((day) => Closures.findById(day).lean<SnapshotClosures>()))) {
    if (!kept) continue;
    const [caseIds, outcomes, closedAt] = [JSON.parse(kept.caseId) as string[], JSON.parse(kept.outcome) as (string | null)[], JSON.parse(kept.closedAt) as number[]];
    caseIds.forEach((caseId, i) => closures.push({ caseId, outcome: outcomes[i], closedAtMs: closedAt[i] }));
  }
  return closures;
}
