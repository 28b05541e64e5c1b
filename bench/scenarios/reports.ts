// The portfolio reports over the daily snapshots: seeds `--reports` snapshot
// rows (two days a month apart, half each; a tenth of the earlier day's cases
// gone by the later, closed in its last week, new ones in their place), written as the snapshot writes
// them (the days' columnar chunks) and, for the baseline, as one document per
// case per day (the shape before the chunks); then times each report (through
// the API where it has the route) against a plain scan of those documents: a
// cursor over the two days with the report's projection. So the ratio shows what
// the chunks buy. One entry in REPORTS per report.
import { experimentFactsModel, type ExperimentFactsRecord } from '../../src/db/experiment-facts';
import { snapshotDayModel, snapshotId, snapshotModel, type CaseSnapshot } from '../../src/db/snapshots';
import { snapshotChunkModel, snapshotClosuresModel } from '../../src/db/snapshot-chunks';
import { snapshotDayWriter } from '../../src/cases/reports/snapshots';
import { seedContactReports, timeContactReports } from '../reports-contact';
import { BUCKETS, SEGMENTS } from '../../src/domain';
import { expectStatus, type BenchApi } from '../api';
import type { BenchFlags } from '../flags';
import { latencyOf, now, ratio, since } from '../measure';
import type { BenchStack } from '../stack';

const FROM = '2026-10-31';
const TO = '2026-11-30';
const GRADES = [
  { name: '正常', npl: false },
  { name: '关注', npl: false },
  { name: '次级', npl: true },
  { name: '可疑', npl: true },
  { name: '损失', npl: true },
];

interface ReportEntry {
  name: string;
  /** 'GET /v1/reports/…' as the app registers it. */
  route: string;
  /** The request's path and query over the seeded days. */
  path: (days: { from: string; to: string }) => string;
  /** The fields the report reads: the baseline scan reads these. */
  fields: (keyof CaseSnapshot)[];
}

/** Each report over the snapshots the scenario times; the experiments' and the contact reports are timed after them over their own stores. */
const REPORTS: ReportEntry[] = [
  { name: 'roll-rates', route: 'GET /v1/reports/roll-rates', path: ({ from, to }) => `/v1/reports/roll-rates?from=${from}&to=${to}`, fields: ['caseId', 'bucket', 'balance', 'product', 'segment'] },
  { name: 'roll-rates-csv', route: 'GET /v1/reports/roll-rates', path: ({ from, to }) => `/v1/reports/roll-rates?from=${from}&to=${to}&format=csv`, fields: ['caseId', 'bucket', 'balance', 'product', 'segment'] },
  { name: 'npl', route: 'GET /v1/reports/npl', path: ({ from, to }) => `/v1/reports/npl?from=${from}&to=${to}`, fields: ['caseId', 'balance', 'classification'] },
];

function seeded(day: string, n: number): CaseSnapshot {
  const caseId = `case-bench-report-${String(n).padStart(7, '0')}`;
  // The later day moves each case a bucket up, down or nowhere.
  const shift = day === TO ? (n % 3) - 1 : 0;
  const bucket = BUCKETS[Math.min(BUCKETS.length - 1, Math.max(0, 1 + (n % 7) + shift))];
  const dpd = bucket.minDpd;
  return {
    _id: snapshotId(day, caseId), day, caseId, loanId: `bench-report-${n}`, product: n % 2 ? 'loan' : 'credit-card', bucket: bucket.name,
    classification: GRADES[dpd === 0 ? 0 : dpd <= 90 ? 1 : dpd <= 120 ? 2 : dpd <= 180 ? 3 : 4], balance: 10_000 + ((n * 7919) % 2_000_000), currency: 'CNY',
    dpd, stage: 'collect', strategy: { id: 'default', version: 1, variant: n % 10 ? 'champion' : 'challenger' }, segment: SEGMENTS[n % SEGMENTS.length],
    agency: null, overdueReason: null,
  };
}

/** The days in chunks, as the snapshot writes them (timed: a day's write), then the same rows as documents per case for the baseline scan. */
async function seed(stack: BenchStack, documents: number): Promise<{ seedMs: number; chunkWriteMsPerDay: number; chunks: number }> {
  const Snapshot = snapshotModel(stack.database);
  const perDay = Math.floor(documents / 2);
  const gone = Math.floor(perDay / 10);
  // The later day: the first tenth of the cases gone, as many new ones after the last.
  const firstOf = (day: string) => (day === TO ? gone : 0);
  const start = now();
  const writes: number[] = [];
  let chunks = 0;
  for (const day of [FROM, TO]) {
    const rows = Array.from({ length: perDay }, (_, i) => seeded(day, firstOf(day) + i));
    const writeStart = now();
    const writer = await snapshotDayWriter(stack.database, day);
    for (const row of rows) await writer.add(row);
    // The cases gone by the later day closed in its last week (kept with it, as the snapshot keeps them), half of them paid.
    if (day === TO) {
      for (let n = 0; n < gone; n++) writer.addClosure({ caseId: seeded(FROM, n).caseId, outcome: n % 2 ? 'written-off' : 'paid', closedAtMs: Date.parse(TO) - (n % 7) * 86_400_000 });
    }
    chunks += (await writer.finish(new Date())).chunks;
    writes.push(since(writeStart));
  }
  for (const day of [FROM, TO]) {
    for (let offset = 0; offset < perDay; offset += 1000) {
      const batch = Array.from({ length: Math.min(1000, perDay - offset) }, (_, i) => seeded(day, firstOf(day) + offset + i));
      await Snapshot.insertMany(batch, { ordered: false, lean: true });
    }
  }
  return { seedMs: Math.round(since(start)), chunkWriteMsPerDay: Math.round(latencyOf(writes).p50Ms), chunks };
}

async function scan(stack: BenchStack, fields: readonly string[]): Promise<number> {
  let read = 0;
  const projection = Object.fromEntries(['day', ...fields].map((field) => [field, 1]));
  for await (const _ of snapshotModel(stack.database).find({ _id: { $gte: `${FROM}:`, $lt: `${TO};` } }, projection).lean().cursor({ batchSize: 1000 })) read += 1;
  return read;
}

const EXPERIMENT = 'bench-experiment';
const DAY_MS = 86_400_000;

/** A case run's experiment facts: 90% champion, 10% challenger, entered 100 days ago, a third cured by a payment at day 40. */
function experimentFacts(n: number): ExperimentFactsRecord {
  const caseId = `case-bench-experiment-${String(n).padStart(7, '0')}`;
  const enteredAt = new Date(Date.parse(TO) - 100 * DAY_MS);
  const paidAt = new Date(enteredAt.getTime() + 40 * DAY_MS);
  const cured = n % 3 === 0;
  return {
    _id: `${caseId}:run-1`, caseId, loanId: `bench-experiment-${n}`, run: 1, strategyId: EXPERIMENT, version: 1,
    variant: n % 10 ? 'champion' : 'challenger', enteredAt, cohort: enteredAt.toISOString().slice(0, 7), balanceAtEntry: 100_000, currency: 'CNY',
    ...(cured && { outcome: 'paid' as const, closedAt: paidAt }),
    payments: (cured ? { s9: { amount: 100_000, at: paidAt, byAgency: false } } : {}) as ExperimentFactsRecord['payments'],
    contacts: { s5: { channel: 'sms', at: new Date(enteredAt.getTime() + DAY_MS) } },
  };
}

/** The experiments report over `documents / 2` case runs' facts, through the API, against a cursor over the same documents. */
async function experimentsReport(stack: BenchStack, documents: number, api: BenchApi | undefined, samples: number) {
  const route = 'GET /v1/reports/experiments';
  if (!api?.has(route)) return { name: 'experiments', error: `the API has no ${route}` };
  const Facts = experimentFactsModel(stack.database);
  const cases = Math.floor(documents / 2);
  for (let offset = 0; offset < cases; offset += 1000) {
    await Facts.insertMany(Array.from({ length: Math.min(1000, cases - offset) }, (_, i) => experimentFacts(offset + i)), { ordered: false, lean: true });
  }
  const path = `/v1/reports/experiments?strategy=${EXPERIMENT}`;
  const times: number[] = [];
  const scans: number[] = [];
  for (let i = 0; i < samples; i++) {
    const scanStart = now();
    for await (const _ of Facts.find({ strategyId: EXPERIMENT }).lean().cursor({ batchSize: 1000 }));
    scans.push(since(scanStart));
    const start = now();
    expectStatus(await api.request('GET', path), 200, 'experiments');
    times.push(since(start));
  }
  const report50 = latencyOf(times).p50Ms;
  const scan50 = latencyOf(scans).p50Ms;
  return { name: 'experiments', path, documents: cases, reportMs: Math.round(report50), scanMs: Math.round(scan50), ratioToScan: ratio(report50, scan50), samples };
}

/**
 * The contact, agency and overdue-reason reports over `documents / 50` synthetic cases' contact log and audit trail
 * (6 contacts and about 12 events each), called in process, against a plain scan of the two collections.
 */
async function contactReports(stack: BenchStack, documents: number, samples: number) {
  const cases = Math.max(200, Math.floor(documents / 50));
  const seeded = await seedContactReports(stack.database, cases);
  return { name: 'contacts, agencies, reasons', via: 'in process', cases, ...seeded, ...(await timeContactReports(stack.database, samples)) };
}

export async function reports(stack: BenchStack, flags: BenchFlags, api: BenchApi | undefined) {
  const { seedMs, chunkWriteMsPerDay, chunks } = await seed(stack, flags.reports);
  const samples = flags.quick ? 2 : 3;
  const results = [];
  try {
    for (const report of REPORTS) {
      if (!api?.has(report.route)) {
        results.push({ name: report.name, error: `the API has no ${report.route}` });
        continue;
      }
      const times: number[] = [];
      const scans: number[] = [];
      let scanned = 0;
      for (let i = 0; i < samples; i++) {
        const scanStart = now();
        scanned = await scan(stack, report.fields);
        scans.push(since(scanStart));
        const start = now();
        expectStatus(await api.request('GET', report.path({ from: FROM, to: TO })), 200, report.name);
        times.push(since(start));
      }
      const report50 = latencyOf(times).p50Ms;
      const scan50 = latencyOf(scans).p50Ms;
      results.push({ name: report.name, path: report.path({ from: FROM, to: TO }), reportMs: Math.round(report50), scanMs: Math.round(scan50), ratioToScan: ratio(report50, scan50), scanned, samples });
    }
    results.push(await experimentsReport(stack, flags.reports, api, samples));
    results.push(await contactReports(stack, flags.reports, samples));
  } finally {
    await snapshotModel(stack.database).collection.drop().catch(() => undefined);
    await snapshotChunkModel(stack.database).collection.drop().catch(() => undefined);
    await snapshotClosuresModel(stack.database).collection.drop().catch(() => undefined);
    await snapshotDayModel(stack.database).collection.drop().catch(() => undefined);
    await experimentFactsModel(stack.database).collection.drop().catch(() => undefined);
  }
  return {
    via: 'API (GET /v1/reports/…) over the days\' chunks, each against a cursor over the same rows as one document per case per day, with the report\'s projection',
    documents: flags.reports,
    days: [FROM, TO],
    seedMs,
    chunks,
    chunkWriteMsPerDay,
    reports: results,
  };
}
