// NPL over time: for each snapshot day, the balance graded 次级, 可疑 or 损失
// (the grades that count as non-performing) over the total balance; and the
// migration between grades from the first day of the range to the last (cases
// gone by then: cured or closed, by the read model's closure). One pass over the
// range's days' snapshots, summed in code (FerretDB's $group sums no fields reliably).
import type mongoose from 'mongoose';
import { LOAN_SCHEME } from '../../domain';
import { toCsv } from './csv';
import { addTo, daysBefore, emptyTally, latestSnapshotDay, rate, snapshotDays, snapshotsOn, SnapshotNotFoundError, whereGone, type Tally } from './snapshot-reads';

/** The grades in order, best first: both schemes name them alike. */
export const GRADES = LOAN_SCHEME.grades.map((grade) => grade.name);
export const MIGRATION_DESTINATIONS = [...GRADES, 'cured', 'closed'];
/** The range shown when none is asked: the latest day taken and 90 days before it. */
export const NPL_DEFAULT_DAYS = 90;

export interface NplDay {
  day: string;
  cases: number;
  balance: number;
  nplCases: number;
  nplBalance: number;
  /** nplBalance ÷ balance; null on a day with no balance. */
  nplRatio: number | null;
  /** The balance in each grade. */
  byClassification: Record<string, Tally>;
}

export interface MigrationRow extends Tally {
  classification: string;
  to: Record<string, Tally>;
}

export interface NplReport {
  from: string;
  to: string;
  days: NplDay[];
  /** From the range's first day taken to its last; null with fewer than two days. */
  migration: { from: string; to: string; destinations: string[]; rows: MigrationRow[] } | null;
}

export async function nplReport(deps: { database: mongoose.Connection }, query: { from?: string; to?: string }): Promise<NplReport> {
  const to = query.to ?? (await latestSnapshotDay(deps.database));
  const from = query.from ?? daysBefore(to, NPL_DEFAULT_DAYS);
  const taken = await snapshotDays(deps.database, { from, to });
  if (!taken.length) throw new SnapshotNotFoundError(`No snapshot was taken from ${from} to ${to}; GET /v1/reports/snapshots lists the days taken`);
  const first = taken[0];
  const last = taken[taken.length - 1];
  const days = new Map(taken.map((day) => [day, { day, cases: 0, balance: 0, nplCases: 0, nplBalance: 0, byClassification: Object.fromEntries(GRADES.map((g) => [g, emptyTally()])) }]));
  const earlier = new Map<string, { grade: string; balance: number }>();
  const later = new Map<string, string>();
  for await (const snapshot of snapshotsOn(deps.database, taken, ['caseId', 'balance', 'classification'])) {
    const day = days.get(snapshot.day);
    if (!day) continue;
    day.cases += 1;
    day.balance += snapshot.balance;
    if (snapshot.classification.npl) {
      day.nplCases += 1;
      day.nplBalance += snapshot.balance;
    }
    addTo((day.byClassification[snapshot.classification.name] ??= emptyTally()), snapshot.balance);
    if (snapshot.day === first) earlier.set(snapshot.caseId, { grade: snapshot.classification.name, balance: snapshot.balance });
    if (snapshot.day === last) later.set(snapshot.caseId, snapshot.classification.name);
  }
  let migration: NplReport['migration'] = null;
  if (first !== last) {
    const gone = await whereGone(deps.database, [...earlier.keys()].filter((caseId) => !later.has(caseId)), { from: first, to: last });
    const rows = new Map(GRADES.map((grade) => [grade, { classification: grade, ...emptyTally(), to: Object.fromEntries(MIGRATION_DESTINATIONS.map((d) => [d, emptyTally()])) }]));
    for (const [caseId, { grade, balance }] of earlier) {
      const row = rows.get(grade);
      if (!row) continue;
      addTo(row, balance);
      addTo((row.to[later.get(caseId) ?? gone.get(caseId) ?? 'closed'] ??= emptyTally()), balance);
    }
    migration = { from: first, to: last, destinations: MIGRATION_DESTINATIONS, rows: [...rows.values()] };
  }
  return { from, to, days: [...days.values()].map((day) => ({ ...day, nplRatio: rate(day.nplBalance, day.balance) })), migration };
}

export const NPL_CSV_COLUMNS = ['day', 'cases', 'balance', 'nplCases', 'nplBalance', 'nplRatio', ...GRADES] as const;

/** One row per day, with the balance in each grade. */
export function nplCsv(report: NplReport): string {
  const rows = report.days.map((day) => ({
    day: day.day,
    cases: day.cases,
    balance: day.balance,
    nplCases: day.nplCases,
    nplBalance: day.nplBalance,
    nplRatio: day.nplRatio,
    ...Object.fromEntries(GRADES.map((grade) => [grade, day.byClassification[grade]?.balance ?? 0])),
  }));
  return toCsv<Record<string, unknown>>(NPL_CSV_COLUMNS, rows);
}
