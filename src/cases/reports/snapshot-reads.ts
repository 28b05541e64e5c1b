// What the snapshot reports share: the days taken, the days' snapshots streamed
// (from their chunks, or as documents per case for days taken before them), and where the cases gone from a later day went (their
// closure, from the read model, read by _id).
import type mongoose from 'mongoose';
import { caseModel } from '../../db/cases';
import { readEach } from '../../db/by-id';
import { snapshotDayModel, snapshotModel, type CaseSnapshot } from '../../db/snapshots';
import { chunkedDay, closuresOn } from '../../db/snapshot-chunks';
import { DAY_MS, isCured } from '../../domain';
import { isoDay } from './snapshots';

/** No snapshot was taken on a day a report needs. */
export class SnapshotNotFoundError extends Error {
  override name = 'SnapshotNotFoundError';
  readonly code = 'SNAPSHOT_NOT_FOUND';
}

/** Where a case gone from the later day went: cured (isCured: paid, cured, cured by an arrangement, settled) or closed otherwise (written off, sold…, or not known). */
export type Gone = 'cured' | 'closed';

export const daysBefore = (day: string, days: number) => isoDay(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS);

/** The days taken from `from` to `to` (inclusive), oldest first. */
export async function snapshotDays(database: mongoose.Connection, range: { from?: string; to?: string } = {}): Promise<string[]> {
  const filter = range.from || range.to ? { _id: { ...(range.from && { $gte: range.from }), ...(range.to && { $lte: range.to }) } } : {};
  const days = await snapshotDayModel(database).find(filter, { _id: 1 }).lean();
  return days.map(({ _id }) => _id).sort();
}

/** Every day taken, oldest first, with how many cases it holds and when it was taken. */
export async function daysTaken(database: mongoose.Connection): Promise<{ day: string; cases: number; takenAt: string }[]> {
  const days = await snapshotDayModel(database).find({}).lean();
  return days.sort((a, b) => a._id.localeCompare(b._id)).map(({ _id, cases, takenAt }) => ({ day: _id, cases, takenAt: takenAt.toISOString() }));
}

export async function latestSnapshotDay(database: mongoose.Connection): Promise<string> {
  const days = await snapshotDays(database);
  if (!days.length) throw new SnapshotNotFoundError('No snapshot has been taken yet: the portfolio sweep takes one each business day, or POST /v1/reports/snapshots');
  return days[days.length - 1];
}

export async function requireSnapshotDay(database: mongoose.Connection, day: string): Promise<void> {
  if (!(await snapshotDayModel(database).findById(day).lean())) {
    throw new SnapshotNotFoundError(`No snapshot was taken on ${day}; GET /v1/reports/snapshots lists the days taken`);
  }
}

/**
 * The snapshots of the days asked, streamed, with the fields asked. A day in
 * chunks is read by _id, chunk by chunk. The days taken as one document per case
 * (before the chunks) are read together in one _id range from the first to the
 * last (on FerretDB a scan of the collection), only when the days asked hold one.
 */
export async function* snapshotsOn<K extends keyof CaseSnapshot>(database: mongoose.Connection, days: readonly string[], fields: readonly K[]): AsyncIterable<Pick<CaseSnapshot, K | 'day'>> {
  const taken = new Map((await snapshotDayModel(database).find({ _id: { $in: [...days] } }).lean()).map((day) => [day._id, day]));
  const perCase = new Set<string>();
  for (const day of [...days].sort()) {
    const chunks = taken.get(day)?.chunks;
    if (chunks === undefined) perCase.add(day);
    else yield* chunkedDay(database, day, chunks, fields);
  }
  if (!perCase.size) return;
  const ordered = [...perCase].sort();
  const projection = Object.fromEntries(['day', ...fields].map((field) => [field, 1]));
  const rows = snapshotModel(database)
    .find({ _id: { $gte: `${ordered[0]}:`, $lt: `${ordered[ordered.length - 1]};` } }, projection)
    .lean<Pick<CaseSnapshot, K | 'day'>[]>()
    .cursor({ batchSize: 1000 });
  for await (const row of rows) if (perCase.has(row.day)) yield row;
}

/**
 * For each case id gone between two days, whether its closure was a cure: from
 * the closures kept with the chunked days taken after `from` up to `to` (the
 * latest closure to `to`'s end), else from the read model by _id, 16 in flight,
 * the one read FerretDB serves from its index.
 */
export async function whereGone(database: mongoose.Connection, caseIds: readonly string[], between: { from: string; to: string }): Promise<Map<string, Gone>> {
  const wanted = new Set(caseIds);
  const endOfTo = Date.parse(`${between.to}T00:00:00Z`) + DAY_MS - 1;
  const latest = new Map<string, { outcome: string | null; closedAtMs: number }>();
  const days = (await snapshotDays(database, { from: between.from, to: between.to })).filter((day) => day > between.from);
  for (const closure of await closuresOn(database, days)) {
    if (!wanted.has(closure.caseId) || closure.closedAtMs > endOfTo) continue;
    const known = latest.get(closure.caseId);
    if (!known || known.closedAtMs < closure.closedAtMs) latest.set(closure.caseId, closure);
  }
  const unknown = caseIds.filter((caseId) => !latest.has(caseId));
  const Case = caseModel(database);
  const rows = await readEach(unknown, (caseId) => Case.findById(caseId, { closureOutcome: 1 }).lean());
  unknown.forEach((caseId, index) => latest.set(caseId, { outcome: rows[index]?.closureOutcome ?? null, closedAtMs: 0 }));
  return new Map(caseIds.map((caseId) => [caseId, isCured(latest.get(caseId)?.outcome) ? 'cured' : 'closed']));
}

/** A count of cases and their balance (minor units). */
export interface Tally {
  cases: number;
  balance: number;
}

export const emptyTally = (): Tally => ({ cases: 0, balance: 0 });

export function addTo(tally: Tally, balance: number): void {
  tally.cases += 1;
  tally.balance += balance;
}

/** part ÷ whole to six places; null when there is no whole. */
export const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : null);
