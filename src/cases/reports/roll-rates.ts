// Roll rates: where the cases in each bucket on one snapshot day are on a later
// one (another bucket, or gone: cured or closed, by the read model's closure),
// with each bucket's forward-roll rate (to a worse bucket) and cure rate (to M0,
// or closed as paid or cured). One pass over the two days' snapshots (their
// chunks), the matrix built in code; the cases gone are then read by _id.
import type mongoose from 'mongoose';
import { BUCKETS } from '../../domain';
import { toCsv } from './csv';
import { addTo, daysBefore, emptyTally, latestSnapshotDay, rate, requireSnapshotDay, snapshotsOn, whereGone, type Tally } from './snapshot-reads';

export const ROLL_DESTINATIONS = [...BUCKETS.map((bucket) => bucket.name), 'cured', 'closed'] as const;
const BUCKET_NAMES: readonly string[] = BUCKETS.map((bucket) => bucket.name);
const CURRENT = BUCKETS[0].name;

export interface RollRateQuery {
  from?: string;
  to?: string;
  product?: string;
  segment?: string;
}

export interface RollRow extends Tally {
  /** The bucket on `from`. */
  bucket: string;
  /** Where they are on `to`, by destination (every bucket, cured, closed); counts and balances as on `from`. */
  to: Record<string, Tally>;
  /** To a worse bucket, of the bucket's cases; null when it had none. */
  forwardRollRate: number | null;
  /** To M0, or closed as paid, cured or cured by an arrangement; null when it had none. */
  cureRate: number | null;
}

export interface RollRates {
  from: string;
  to: string;
  product: string | null;
  segment: string | null;
  destinations: string[];
  rows: RollRow[];
  /** Cases on `to` that were not on `from`: arrears that began between the days. */
  entered: Tally;
}

/** The days asked for, or the latest day taken and 30 days before it. */
export async function rollRateDays(database: mongoose.Connection, query: RollRateQuery): Promise<{ from: string; to: string }> {
  const to = query.to ?? (await latestSnapshotDay(database));
  return { from: query.from ?? daysBefore(to, 30), to };
}

export async function rollRates(deps: { database: mongoose.Connection }, query: RollRateQuery): Promise<RollRates> {
  const { from, to } = await rollRateDays(deps.database, query);
  await requireSnapshotDay(deps.database, from);
  await requireSnapshotDay(deps.database, to);
  const earlier = new Map<string, { bucket: string; balance: number }>();
  const later = new Map<string, string>();
  const entered = emptyTally();
  const inScope = (snapshot: { product: string; segment: string | null }) =>
    (query.product === undefined || snapshot.product === query.product) && (query.segment === undefined || snapshot.segment === query.segment);
  // The cohort is the cases in scope on `from`; on `to` every case is followed (its segment may have changed since).
  const laterInScope: { caseId: string; balance: number }[] = [];
  for await (const snapshot of snapshotsOn(deps.database, [from, to], ['caseId', 'bucket', 'balance', 'product', 'segment'])) {
    if (snapshot.day === from && inScope(snapshot)) earlier.set(snapshot.caseId, { bucket: snapshot.bucket, balance: snapshot.balance });
    else if (snapshot.day === to) {
      later.set(snapshot.caseId, snapshot.bucket);
      if (inScope(snapshot)) laterInScope.push({ caseId: snapshot.caseId, balance: snapshot.balance });
    }
  }
  const gone = await whereGone(deps.database, [...earlier.keys()].filter((caseId) => !later.has(caseId)), { from, to });
  const rows = new Map(BUCKET_NAMES.map((bucket) => [bucket, { bucket, ...emptyTally(), to: Object.fromEntries(ROLL_DESTINATIONS.map((d) => [d, emptyTally()])) }]));
  for (const [caseId, { bucket, balance }] of earlier) {
    const row = rows.get(bucket);
    if (!row) continue;
    addTo(row, balance);
    addTo(row.to[later.get(caseId) ?? gone.get(caseId) ?? 'closed'], balance);
  }
  for (const { caseId, balance } of laterInScope) if (!earlier.has(caseId)) addTo(entered, balance);
  return {
    from,
    to,
    product: query.product ?? null,
    segment: query.segment ?? null,
    destinations: [...ROLL_DESTINATIONS],
    rows: [...rows.values()].map((row) => {
      const worse = BUCKET_NAMES.slice(BUCKET_NAMES.indexOf(row.bucket) + 1).reduce((sum, bucket) => sum + row.to[bucket].cases, 0);
      return { ...row, forwardRollRate: rate(worse, row.cases), cureRate: rate(row.to[CURRENT].cases + row.to.cured.cases, row.cases) };
    }),
    entered,
  };
}

export const ROLL_RATE_CSV_COLUMNS = ['from', 'to', 'product', 'segment', 'fromBucket', 'toDestination', 'cases', 'balance', 'share', 'forwardRollRate', 'cureRate'] as const;

/** One row per cell of the matrix; the share is of the from-bucket's cases, the rates the from-bucket's. */
export function rollRatesCsv(report: RollRates): string {
  const rows = report.rows.flatMap((row) =>
    report.destinations.map((destination) => ({
      from: report.from,
      to: report.to,
      product: report.product ?? 'all',
      segment: report.segment ?? 'all',
      fromBucket: row.bucket,
      toDestination: destination,
      cases: row.to[destination].cases,
      balance: row.to[destination].balance,
      share: rate(row.to[destination].cases, row.cases),
      forwardRollRate: row.forwardRollRate,
      cureRate: row.cureRate,
    })),
  );
  return toCsv(ROLL_RATE_CSV_COLUMNS, rows);
}
