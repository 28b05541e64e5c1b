// A snapshot day in chunks on the real FerretDB: a day bigger than one chunk is
// written as several chunks keyed `<day>:<chunkNo>` and read back whole; taking it
// again rewrites the same chunks and drops the surplus; a day taken before the
// chunks (one document per case) is still read, and a retake turns it into
// chunks. The roll-rate and NPL reports answer the same whichever way a day is kept.
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { snapshotChunkModel } from '../../src/db/snapshot-chunks';
import { snapshotDayModel, snapshotId, snapshotModel, type CaseSnapshot } from '../../src/db/snapshots';
import { snapshotsOn } from '../../src/cases/reports/snapshot-reads';
import { snapshotDayWriter, takeSnapshot } from '../../src/cases/reports/snapshots';
import { testApi, unconnectedClient, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const NOW = Date.parse('2026-11-30T12:00:00Z');
const TODAY = '2026-11-30';
let api: TestApi;

function openRow(n: number, overrides: Partial<CaseRecord> = {}): CaseRecord {
  const caseId = `case-chunk-${n}`;
  return {
    _id: caseId, caseId, loanId: `chunk-${n}`, run: 1, status: 'open', stage: 'collect', daysPastDue: 1, bucket: 'M1', classification: '关注', npl: false,
    delinquentSince: '2026-11-20', overdueSince: '2026-11-20', classificationScheme: 'credit-card', restructuredOn: null, closureOutcome: null, closedAt: null,
    segment: 'medium-risk', paused: false, agency: null, balance: 1000 * n, currency: 'CNY', strategyVersion: 'default@2',
    nextActionAt: null, eventCount: 5, updatedAt: new Date(NOW), ...overrides,
  };
}

beforeAll(async () => {
  api = await testApi(unconnectedClient(), suite.db.connection, {}, { wallNow: () => NOW });
  await caseModel(suite.db.connection).insertMany([1, 2, 3, 4, 5].map((n) => openRow(n)));
});

const deps = () => ({ database: suite.db.connection, businessNow: () => NOW });

async function rowsOn(day: string) {
  const rows = [];
  for await (const row of snapshotsOn(suite.db.connection, [day], ['_id', 'caseId', 'balance', 'classification', 'strategy'])) rows.push(row);
  return rows.sort((a, b) => a.caseId.localeCompare(b.caseId));
}
const chunkIds = async (day: string) => (await snapshotChunkModel(suite.db.connection).find({ day }, { _id: 1 }).lean()).map(({ _id }) => _id).sort();

test('a day bigger than a chunk is written as several chunks by _id and read back whole', async () => {
  expect(await takeSnapshot(deps(), { chunkRows: 1 })).toEqual({ day: TODAY, cases: 5, removed: 0 });
  // More chunks than a reader keeps in flight (CHUNK_READS_IN_FLIGHT): read in two rounds.
  expect(await chunkIds(TODAY)).toEqual([0, 1, 2, 3, 4].map((n) => `${TODAY}:000${n}`));
  expect(await snapshotDayModel(suite.db.connection).findById(TODAY).lean()).toMatchObject({ cases: 5, chunks: 5 });
  const rows = await rowsOn(TODAY);
  expect(rows.map((row) => [row._id, row.day, row.balance])).toEqual([1, 2, 3, 4, 5].map((n) => [snapshotId(TODAY, `case-chunk-${n}`), TODAY, 1000 * n]));
  expect(rows[0]).toMatchObject({ classification: { name: '关注', npl: false }, strategy: { id: 'default', version: 2, variant: null } });
});

test('a retake rewrites the same chunks and drops the surplus; the cases closed since are removed', async () => {
  await caseModel(suite.db.connection).updateMany({ _id: { $in: ['case-chunk-2', 'case-chunk-4'] } }, { status: 'closed', stage: 'closed', closureOutcome: 'paid' });
  expect(await takeSnapshot(deps(), { chunkRows: 1 })).toEqual({ day: TODAY, cases: 3, removed: 2 });
  expect(await chunkIds(TODAY)).toEqual([`${TODAY}:0000`, `${TODAY}:0001`, `${TODAY}:0002`]);
  expect(await snapshotDayModel(suite.db.connection).findById(TODAY).lean()).toMatchObject({ cases: 3, chunks: 3 });
  expect((await rowsOn(TODAY)).map((row) => row.caseId)).toEqual(['case-chunk-1', 'case-chunk-3', 'case-chunk-5']);
  expect(await takeSnapshot(deps(), { chunkRows: 1 })).toEqual({ day: TODAY, cases: 3, removed: 0 });
  expect(await chunkIds(TODAY)).toEqual([`${TODAY}:0000`, `${TODAY}:0001`, `${TODAY}:0002`]);
});

const A = '2026-09-30';
const B = '2026-10-30';
const GRADE: Record<string, { name: string; npl: boolean }> = { M1: { name: '关注', npl: false }, M2: { name: '关注', npl: false }, M4: { name: '次级', npl: true } };

function snapshot(day: string, n: number, bucket: string, balance: number): CaseSnapshot {
  const caseId = `case-old-${n}`;
  return {
    _id: snapshotId(day, caseId), day, caseId, loanId: `old-${n}`, product: 'loan', bucket, classification: GRADE[bucket], balance, currency: 'CNY',
    dpd: 0, stage: 'collect', strategy: { id: 'default', version: 1, variant: 'champion' }, segment: 'low-risk', agency: null, overdueReason: null,
  };
}

/** On A: c1 M1 100 → M2, c2 M1 200 → M1, c3 M2 300 → M4, c4 M4 400 → gone (no closure known: closed). On B: c5 M1 500 is new. */
const OLD_DAYS = [
  snapshot(A, 1, 'M1', 100), snapshot(A, 2, 'M1', 200), snapshot(A, 3, 'M2', 300), snapshot(A, 4, 'M4', 400),
  snapshot(B, 1, 'M2', 100), snapshot(B, 2, 'M1', 200), snapshot(B, 3, 'M4', 300), snapshot(B, 5, 'M1', 500),
];

async function reports() {
  const roll = await api.as('supervisor').get(`/v1/reports/roll-rates?from=${A}&to=${B}`);
  const npl = await api.as('supervisor').get(`/v1/reports/npl?from=${A}&to=${B}`);
  expect([roll.status, npl.status]).toEqual([200, 200]);
  return { roll: roll.body, npl: npl.body };
}

/** Takes a per-case day again into chunks from its own rows, as a deployment's retake of the day does. */
async function rechunk(day: string) {
  const writer = await snapshotDayWriter(suite.db.connection, day, { chunkRows: 3 });
  for (const row of OLD_DAYS.filter((s) => s.day === day)) await writer.add(row);
  return writer.finish(new Date(`${day}T00:00:00Z`));
}

test('days taken as one document per case are still read; a retake turns them into chunks; the reports answer the same', async () => {
  await snapshotModel(suite.db.connection).insertMany(OLD_DAYS);
  await snapshotDayModel(suite.db.connection).insertMany([A, B].map((day) => ({ _id: day, cases: 4, takenAt: new Date(`${day}T00:00:00Z`) })));
  const before = await reports();
  const m1 = before.roll.rows.find((r: { bucket: string }) => r.bucket === 'M1');
  expect([m1.cases, m1.balance, m1.to.M2, m1.to.M1, m1.forwardRollRate]).toEqual([2, 300, { cases: 1, balance: 100 }, { cases: 1, balance: 200 }, 0.5]);
  expect(before.roll.rows.find((r: { bucket: string }) => r.bucket === 'M4').to.closed).toEqual({ cases: 1, balance: 400 });
  expect(before.roll.entered).toEqual({ cases: 1, balance: 500 });
  expect(before.npl.days.map((d: { nplBalance: number; balance: number }) => [d.nplBalance, d.balance])).toEqual([[400, 1000], [300, 1100]]);

  expect(await rechunk(B)).toEqual({ cases: 4, removed: 0, chunks: 2 });
  expect((await snapshotModel(suite.db.connection).find({}, { _id: 1 }).lean()).map(({ _id }) => _id).sort()).toEqual(OLD_DAYS.filter((s) => s.day === A).map((s) => s._id));
  expect(await reports()).toEqual(before);

  await rechunk(A);
  expect(await snapshotModel(suite.db.connection).countDocuments()).toBe(0);
  expect(await chunkIds(A)).toEqual([`${A}:0000`, `${A}:0001`]);
  expect(await reports()).toEqual(before);
});

test('the cases closed in the days before a chunked day are kept with it: a report finds where the gone went without the read model', async () => {
  const Case = caseModel(suite.db.connection);
  await Case.insertMany([11, 12, 13].map((n) => openRow(n, { delinquentSince: '2026-11-01', overdueSince: '2026-11-01' })));
  await takeSnapshot(deps(), { day: '2026-11-10' });
  await Case.updateOne({ _id: 'case-chunk-12' }, { status: 'closed', stage: 'closed', closureOutcome: 'paid', closedAt: new Date('2026-11-15T09:00:00Z') });
  await Case.updateOne({ _id: 'case-chunk-13' }, { status: 'closed', stage: 'closed', closureOutcome: 'written-off', closedAt: new Date('2026-11-16T09:00:00Z') });
  await takeSnapshot(deps(), { day: '2026-11-20' });
  // Gone from the read model too: only the closures kept with 2026-11-20 say how they closed.
  await Case.deleteMany({ _id: { $in: ['case-chunk-12', 'case-chunk-13'] } });
  const { body } = await api.as('supervisor').get('/v1/reports/roll-rates?from=2026-11-10&to=2026-11-20');
  const m1 = body.rows.find((r: { bucket: string }) => r.bucket === 'M1');
  expect([m1.cases, m1.to.M1, m1.to.cured, m1.to.closed]).toEqual([3, { cases: 1, balance: 11_000 }, { cases: 1, balance: 12_000 }, { cases: 1, balance: 13_000 }]);
});
