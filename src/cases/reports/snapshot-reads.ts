// What the snapshot reports share: the days taken, a day's snapshots streamed
// with a projection, and where the cases gone from a later day went (their
// closure, from the read model, read by _id).
import type mongoose from 'mongoose';
import { caseModel } from '../../db/cases';
import { readEach } from '../../db/by-id';
import { snapshotDayModel, snapshotModel, type CaseSnapshot } from '../../db/snapshots';
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

/** The snapshots of the days from `from` to `to`, streamed: one _id range (on MongoDB, the _id index). */
export function snapshotsBetween<K extends keyof CaseSnapshot>(database: mongoose.Connection, from: string, to: string, fields: readonly K[]): AsyncIterable<Pick<CaseSnapshot, K | 'day'>> {
  const projection = Object.fromEntries(['day', ...fields].map((field) => [field, 1]));
  return snapshotModel(database)
    .find({ _id: { $gte: `${from}:`, $lt: `${to};` } }, projection)
    .lean<Pick<CaseSnapshot, K | 'day'>[]>()
    .cursor({ batchSize: 1000 });
}

/** For each case id, whether its closure was a cure; by _id, the one read FerretDB serves from its index. */
export async function whereGone(database: mongoose.Connection, caseIds: readonly string[]): Promise<Map<string, Gone>> {
  const Case = caseModel(database);
  const rows = await readEach(caseIds, (caseId) => Case.findById(caseId, { closureOutcome: 1 }).lean());
  return new Map(caseIds.map((caseId, index) => {
    const outcome = rows[index]?.closureOutcome;
    return [caseId, isCured(outcome) ? 'cured' : 'closed'];
  }));
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
