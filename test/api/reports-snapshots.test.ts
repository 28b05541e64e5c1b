// The daily snapshot on the real FerretDB, through POST /v1/reports/snapshots:
// one row per open case (in the day's chunks), with DPD, bucket and grade
// counted to the day; taken twice it writes the same chunks; a case closed since
// an earlier take of the day is removed from it.
import request from 'supertest';
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { snapshotChunkModel } from '../../src/db/snapshot-chunks';
import { snapshotsOn } from '../../src/cases/reports/snapshot-reads';
import { testApi, unconnectedClient, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const NOW = Date.parse('2026-11-30T12:00:00Z');
let api: TestApi;

function openRow(n: number, delinquentSince: string, overrides: Partial<CaseRecord> = {}): CaseRecord {
  const caseId = `case-snap-${n}`;
  // The stored figures are stale (as of the case's last turn): the snapshot counts DPD from delinquentSince.
  return {
    _id: caseId, caseId, loanId: `snap-${n}`, run: 1, status: 'open', stage: 'collect', daysPastDue: 1, bucket: 'M1', classification: '关注', npl: false,
    delinquentSince, overdueSince: delinquentSince, classificationScheme: 'credit-card', restructuredOn: null, closureOutcome: null, closedAt: null,
    segment: 'medium-risk', paused: false, agency: null, balance: 1000 * n, currency: 'CNY', strategyVersion: 'default@2', variant: 'challenger',
    nextActionAt: null, eventCount: 5, updatedAt: new Date(NOW), ...overrides,
  };
}

beforeAll(async () => {
  api = await testApi(unconnectedClient(), suite.db.connection, {}, { wallNow: () => NOW });
  await caseModel(suite.db.connection).insertMany([
    openRow(1, '2026-11-20', { overdueReason: 'unemployment', agency: 'Acme Collections' }),
    openRow(2, '2026-08-01', { classificationScheme: 'loan-default', segment: 'high-risk' }),
    openRow(3, '2026-11-29'),
    { ...openRow(4, '2026-10-01'), status: 'closed', stage: 'closed', closureOutcome: 'paid' },
  ]);
});

const ALL_FIELDS = ['_id', 'caseId', 'loanId', 'product', 'bucket', 'classification', 'balance', 'currency', 'dpd', 'stage', 'strategy', 'segment', 'agency', 'overdueReason'] as const;

async function snapshotsOf(day: string) {
  const rows = [];
  for await (const row of snapshotsOn(suite.db.connection, [day], ALL_FIELDS)) rows.push(row);
  return rows.sort((a, b) => a._id.localeCompare(b._id));
}
const chunksOf = async (day: string) => (await snapshotChunkModel(suite.db.connection).find({ day }).lean()).sort((a, b) => a._id.localeCompare(b._id));

test("today's snapshot: one row per open case, figures counted to the day; twice writes the same chunks", async () => {
  const first = await api.as('supervisor').post('/v1/reports/snapshots').send({});
  expect(first.status).toBe(200);
  expect(first.body).toEqual({ day: '2026-11-30', cases: 3, removed: 0 });
  const taken = await snapshotsOf('2026-11-30');
  expect(taken.map((s) => s._id)).toEqual(['2026-11-30:case-snap-1', '2026-11-30:case-snap-2', '2026-11-30:case-snap-3']);
  expect(taken[0]).toEqual({
    _id: '2026-11-30:case-snap-1', day: '2026-11-30', caseId: 'case-snap-1', loanId: 'snap-1', product: 'credit-card', bucket: 'M1',
    classification: { name: '关注', npl: false }, balance: 1000, currency: 'CNY', dpd: 10, stage: 'collect',
    strategy: { id: 'default', version: 2, variant: 'challenger' }, segment: 'medium-risk', agency: 'Acme Collections', overdueReason: 'unemployment',
  });
  expect(taken[1]).toMatchObject({ product: 'loan', dpd: 121, bucket: 'M5', classification: { name: '次级', npl: true }, segment: 'high-risk', overdueReason: null });

  const chunks = await chunksOf('2026-11-30');
  expect(chunks.map((chunk) => [chunk._id, chunk.rows])).toEqual([['2026-11-30:0000', 3]]);

  const again = await api.as('admin').post('/v1/reports/snapshots');
  expect(again.body).toEqual({ day: '2026-11-30', cases: 3, removed: 0 });
  expect(await snapshotsOf('2026-11-30')).toEqual(taken);
  expect(await chunksOf('2026-11-30')).toEqual(chunks);
  expect((await api.as('supervisor').get('/v1/reports/snapshots')).body.days).toEqual([{ day: '2026-11-30', cases: 3, takenAt: new Date(NOW).toISOString() }]);
});

test('a retake leaves out a case closed since; a day past counts DPD to that day and leaves out cases not yet past due', async () => {
  await caseModel(suite.db.connection).updateOne({ _id: 'case-snap-3' }, { status: 'closed', stage: 'closed', closureOutcome: 'cured' });
  expect((await api.as('supervisor').post('/v1/reports/snapshots').send({ day: '2026-11-30' })).body).toEqual({ day: '2026-11-30', cases: 2, removed: 1 });
  expect((await snapshotsOf('2026-11-30')).map((s) => s.caseId)).toEqual(['case-snap-1', 'case-snap-2']);

  expect((await api.as('supervisor').post('/v1/reports/snapshots').send({ day: '2026-11-10' })).body).toEqual({ day: '2026-11-10', cases: 1, removed: 0 });
  expect(await snapshotsOf('2026-11-10')).toMatchObject([{ caseId: 'case-snap-2', dpd: 101, bucket: 'M4' }]);
});

test('a day to come is refused naming the field; only supervisors take snapshots', async () => {
  const future = await api.as('supervisor').post('/v1/reports/snapshots').send({ day: '2026-12-01' });
  expect([future.status, future.body.error.details]).toEqual([422, [{ path: 'body.day', message: 'must not be after today, 2026-11-30' }]]);
  expect((await api.as('strategist').post('/v1/reports/snapshots').send({})).status).toBe(403);
  expect((await request(api.app).post('/v1/reports/snapshots')).status).toBe(401);
});
