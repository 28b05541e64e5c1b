// GET /v1/cases and GET /v1/portfolio/counts over a seeded read model, answered
// by the store's queries and by the in-process index: every filter, every sort,
// paged to the end with cursors, gives the same rows in the same order both ways,
// with DPD, bucket and grade as of now (the rows' stored figures are stale).
import { CaseListIndex } from '../../src/cases/case-list-index';
import { countRows } from '../../src/cases/case-list';
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { BUCKETS, DAY_MS } from '../../src/domain';
import { createLogger } from '../../src/logger';
import { testApi, unconnectedClient, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
let indexed: TestApi;
let index: CaseListIndex;

const DPDS = [1, 5, 29, 31, 45, 61, 89, 90, 91, 120, 150, 181, 200];
const STAGES = ['collect', 'follow-up', 'monitor'] as const;
const SEGMENTS = ['low-risk', 'medium-risk', 'high-risk'];
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Seed {
  caseId: string;
  open: boolean;
  stage: string;
  paused: boolean;
  dpd: number;
  balance: number;
  variant: string;
  agency: string | null;
  /** Restructured a month ago (under observation), over a year ago (observed no longer), or never. */
  restructured: 'observed' | 'past' | null;
}

const seeds: Seed[] = Array.from({ length: 240 }, (_, i) => ({
  caseId: `case-LIST-${String(i).padStart(4, '0')}`,
  open: i % 10 !== 9,
  stage: STAGES[i % 3],
  paused: i % 7 === 0,
  dpd: DPDS[i % DPDS.length],
  balance: 1000 * ((i * 37) % 50) + 100,
  variant: i % 5 === 0 ? 'challenger' : 'champion',
  agency: i % 11 === 0 ? 'agency-a' : null,
  restructured: i % 4 === 1 ? 'observed' : i % 8 === 3 ? 'past' : null,
}));

const RESTRUCTURED_DAYS_AGO = { observed: 30, past: 400 };

/** A row as the case last wrote it: an open one's DPD, bucket and grade are from weeks ago; the list must not show them. */
function rowOf(seed: Seed, nowMs: number): CaseRecord {
  const delinquentSince = isoDay(nowMs - seed.dpd * DAY_MS);
  return {
    _id: seed.caseId,
    caseId: seed.caseId,
    loanId: seed.caseId.slice('case-'.length),
    run: 1,
    status: seed.open ? 'open' : 'closed',
    stage: seed.open ? (seed.stage as CaseRecord['stage']) : 'closed',
    daysPastDue: seed.open ? 0 : seed.dpd,
    bucket: seed.open ? 'M0' : 'closed-bucket',
    classification: seed.open ? '正常' : 'closed-grade',
    npl: false,
    restructuredOn: seed.restructured && isoDay(nowMs - RESTRUCTURED_DAYS_AGO[seed.restructured] * DAY_MS),
    delinquentSince,
    overdueSince: delinquentSince,
    classificationScheme: 'loan-default',
    closureOutcome: seed.open ? null : 'paid',
    closedAt: seed.open ? null : new Date(nowMs),
    segment: SEGMENTS[Number(seed.caseId.slice(-4)) % 3],
    paused: seed.paused,
    agency: seed.agency,
    balance: seed.balance,
    currency: 'CNY',
    strategyVersion: 'default@1',
    variant: seed.variant,
    nextActionAt: null,
    eventCount: 5,
    updatedAt: new Date(nowMs),
  };
}

beforeAll(async () => {
  await caseModel(suite.db.connection).insertMany(seeds.map((seed) => rowOf(seed, Date.now())));
  // Rows written before restructuredOn was kept have no such field: every fourth never restructured.
  const older = seeds.filter((seed, i) => !seed.restructured && i % 4 === 0).map((seed) => seed.caseId);
  await caseModel(suite.db.connection).updateMany({ _id: { $in: older } }, { $unset: { restructuredOn: 1 } });
  expect(await caseModel(suite.db.connection).countDocuments({ restructuredOn: { $exists: false } })).toBe(older.length);
  // The index reads the rows once; nothing changes them afterwards, so it never needs to follow a case here.
  index = new CaseListIndex({ temporal: unconnectedClient(), database: suite.db.connection, logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await index.reload();
  indexed = await testApi(unconnectedClient(), suite.db.connection, {}, { caseList: index });
});

afterAll(() => index.stop());

interface Row {
  caseId: string;
  daysPastDue: number;
  bucket: string;
  classification: string;
  paused: boolean;
  balance: number;
  stage: string;
  variant: string;
  agency: string | null;
}

/** Every page of the list, followed by its cursors to the end. */
async function allPages(api: TestApi, query: Record<string, string | number | boolean>): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await api.as('supervisor').get('/v1/cases').query({ ...query, limit: 25, ...(cursor && { cursor }) });
    expect(response.status).toBe(200);
    rows.push(...(response.body.cases as Row[]));
    cursor = response.body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error('the list never ended');
}

const BUCKET_OF = (dpd: number) => (dpd <= 30 ? 'M1' : dpd <= 60 ? 'M2' : dpd <= 90 ? 'M3' : dpd <= 120 ? 'M4' : dpd <= 150 ? 'M5' : dpd <= 180 ? 'M6' : 'M7+');
const GRADE_OF = (dpd: number) => (dpd <= 90 ? '关注' : dpd <= 180 ? '次级' : dpd <= 360 ? '可疑' : '损失');
/** A seed's grade: a restructured loan under observation is at least 次级. */
const gradeOf = (seed: Seed) => (seed.restructured === 'observed' && seed.dpd <= 90 ? '次级' : GRADE_OF(seed.dpd));

/** The filters a supervisor's default views use, each with the seeds it must return. */
const FILTERS: { query: Record<string, string | number | boolean>; keeps: (seed: Seed) => boolean }[] = [
  { query: {}, keeps: () => true },
  { query: { bucket: 'M1' }, keeps: (seed) => seed.dpd <= 30 },
  { query: { bucket: 'M4' }, keeps: (seed) => seed.dpd >= 91 && seed.dpd <= 120 },
  { query: { stage: 'collect' }, keeps: (seed) => seed.stage === 'collect' },
  { query: { paused: true }, keeps: (seed) => seed.paused },
  { query: { dpdMin: 90 }, keeps: (seed) => seed.dpd >= 90 },
  { query: { stage: 'follow-up', dpdMin: 30, dpdMax: 120 }, keeps: (seed) => seed.stage === 'follow-up' && seed.dpd >= 30 && seed.dpd <= 120 },
  { query: { balanceMin: 10_000, balanceMax: 30_000 }, keeps: (seed) => seed.balance >= 10_000 && seed.balance <= 30_000 },
  { query: { variant: 'challenger' }, keeps: (seed) => seed.variant === 'challenger' },
  { query: { classification: '次级' }, keeps: (seed) => gradeOf(seed) === '次级' },
  { query: { classification: '关注' }, keeps: (seed) => gradeOf(seed) === '关注' },
  { query: { classification: '次级', dpdMax: 60, stage: 'collect' }, keeps: (seed) => gradeOf(seed) === '次级' && seed.dpd <= 60 && seed.stage === 'collect' },
  { query: { agency: 'agency-a' }, keeps: (seed) => seed.agency === 'agency-a' },
];

/** Each sort's order: its key ascending, then caseId in its direction (dpd and -balance reverse the caseIds too). */
const ORDERS: Record<string, { key: (row: Row) => number; ids: 1 | -1 }> = {
  caseId: { key: () => 0, ids: 1 },
  '-dpd': { key: (row) => -row.daysPastDue, ids: 1 },
  dpd: { key: (row) => row.daysPastDue, ids: -1 },
  balance: { key: (row) => row.balance, ids: 1 },
  '-balance': { key: (row) => -row.balance, ids: -1 },
};

function expectOrdered(rows: Row[], sort: string): void {
  const { key, ids } = ORDERS[sort];
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    const inPlace = key(a) < key(b) || (key(a) === key(b) && (ids === 1 ? a.caseId < b.caseId : a.caseId > b.caseId));
    expect({ sort, after: a.caseId, comes: b.caseId, inPlace }).toEqual({ sort, after: a.caseId, comes: b.caseId, inPlace: true });
  }
}

const CASES = [
  ...['caseId', '-dpd', 'dpd', '-balance', 'balance'].flatMap((sort) => [0, 1, 4, 5, 6, 7].map((filter) => ({ sort, filter }))),
  ...FILTERS.map((_, filter) => ({ sort: '-dpd', filter })).filter(({ filter }) => ![0, 1, 4, 5, 6, 7].includes(filter)),
];

test.each(CASES)('sort=$sort over filter #$filter: the store and the index give the same rows in the same order, as of now', async ({ sort, filter }) => {
  const { query, keeps } = FILTERS[filter];
  const asked = { status: 'open', sort, ...query };
  const [fromStore, fromIndex] = await Promise.all([allPages(suite.api, asked), allPages(indexed, asked)]);
  const expected = seeds.filter((seed) => seed.open && keeps(seed));
  expect(expected.length).toBeGreaterThan(0);
  expect(fromStore.map((row) => row.caseId).sort()).toEqual(expected.map((seed) => seed.caseId).sort());
  expect(fromIndex).toEqual(fromStore);
  expectOrdered(fromStore, sort);
  for (const row of fromStore) {
    const seed = seeds.find((candidate) => candidate.caseId === row.caseId)!;
    expect({ caseId: row.caseId, dpd: row.daysPastDue, bucket: row.bucket, grade: row.classification }).toEqual({
      caseId: seed.caseId,
      dpd: seed.dpd,
      bucket: BUCKET_OF(seed.dpd),
      grade: gradeOf(seed),
    });
  }
});

test('closed cases are listed from the store, with the figures they closed with', async () => {
  const closed = await allPages(indexed, { status: 'closed', sort: '-dpd' });
  expect(closed.map((row) => row.caseId).sort()).toEqual(seeds.filter((seed) => !seed.open).map((seed) => seed.caseId).sort());
  expect(closed.every((row) => row.bucket === 'closed-bucket')).toBe(true);
  expectOrdered(closed, '-dpd');
});

test('a cursor belongs to its sort, and balance bounds must be in order: 422, naming the field', async () => {
  const first = await suite.api.as('supervisor').get('/v1/cases').query({ status: 'open', sort: '-balance', limit: 2 });
  expect(first.body.nextCursor).toEqual(expect.any(String));
  const otherSort = await suite.api.as('supervisor').get('/v1/cases').query({ status: 'open', sort: 'dpd', cursor: first.body.nextCursor });
  expect(otherSort.status).toBe(422);
  expect(otherSort.body.error.details).toEqual([expect.objectContaining({ path: 'query.cursor', message: expect.stringContaining('sort=-balance') })]);
  const bounds = await suite.api.as('supervisor').get('/v1/cases').query({ balanceMin: 500, balanceMax: 100 });
  expect(bounds.status).toBe(422);
  expect(bounds.body.error.details).toEqual([expect.objectContaining({ path: 'query.balanceMax' })]);
  const unknownSort = await suite.api.as('supervisor').get('/v1/cases').query({ sort: 'name' });
  expect(unknownSort.status).toBe(422);
});

test('the portfolio counts are the same from the store and the index: open cases by bucket, stage, grade and variant, NPL, paused', async () => {
  const [fromStore, fromIndex] = await Promise.all([
    suite.api.as('supervisor').get('/v1/portfolio/counts'),
    indexed.as('auditor').get('/v1/portfolio/counts'),
  ]);
  expect(fromStore.status).toBe(200);
  expect(fromIndex.status).toBe(200);
  const { source: storeSource, asOf: _storeAsOf, ...storeCounts } = fromStore.body;
  const { source: indexSource, asOf: _indexAsOf, ...indexCounts } = fromIndex.body;
  expect([storeSource, indexSource]).toEqual(['store', 'index']);
  expect(indexCounts).toEqual(storeCounts);

  const open = seeds.filter((seed) => seed.open);
  const tally = (key: (seed: Seed) => string) => open.reduce<Record<string, number>>((counts, seed) => ({ ...counts, [key(seed)]: (counts[key(seed)] ?? 0) + 1 }), {});
  expect(storeCounts.open).toBe(open.length);
  expect(storeCounts.paused).toBe(open.filter((seed) => seed.paused).length);
  const npl = open.filter((seed) => gradeOf(seed) !== '关注').length;
  expect(storeCounts.npl).toEqual({ count: npl, share: Math.round((npl / open.length) * 10_000) / 10_000 });
  expect(storeCounts.byBucket).toEqual({ ...Object.fromEntries(BUCKETS.map((bucket) => [bucket.name, 0])), ...tally((seed) => BUCKET_OF(seed.dpd)) });
  expect(storeCounts.byStage).toEqual(tally((seed) => seed.stage));
  expect(storeCounts.byClassification).toEqual(tally(gradeOf));
  expect(storeCounts.underObservation).toBe(open.filter((seed) => seed.restructured === 'observed').length);
  expect(storeCounts.byStrategyVariant).toEqual(tally((seed) => `default@1/${seed.variant}`));
});

test('the counts list grades from pass to loss and stages as a case goes through them, in whatever order the rows come', () => {
  const rows = (['损失', '其他', '关注', '次级'] as const).map((classification, i) => ({
    row: { classification, stage: (['follow-up', 'collect', 'monitor', 'assess'] as const)[i], bucket: 'M1', npl: false, paused: false, strategyVersion: 'default@1', variant: 'champion' } as CaseRecord,
    now: undefined,
    count: 1,
  }));
  const counts = countRows(rows, Date.now(), 'store');
  expect(Object.keys(counts.byClassification)).toEqual(['关注', '次级', '损失', '其他']);
  expect(Object.keys(counts.byStage)).toEqual(['monitor', 'assess', 'collect', 'follow-up']);
});

test('the counts are for supervisors and auditors; an agent is refused', async () => {
  expect((await suite.api.as('agent').get('/v1/portfolio/counts')).status).toBe(403);
});

// Last: it changes the seeded rows the tests above read.
test('rows that change, close or appear after the index loaded are where they belong once it reads them again', async () => {
  const Case = caseModel(suite.db.connection);
  const nowMs = Date.now();
  const changes = seeds.filter((seed) => seed.open).slice(0, 60);
  // Every third pays part (balance down), every third closes, every third slips back (older due date); and ten new cases.
  for (const [i, seed] of changes.entries()) {
    if (i % 3 === 0) await Case.updateOne({ _id: seed.caseId }, { $set: { balance: 50 + i } });
    if (i % 3 === 1) await Case.updateOne({ _id: seed.caseId }, { $set: { status: 'closed', stage: 'closed' } });
    if (i % 3 === 2) {
      const since = isoDay(nowMs - (seed.dpd + 45) * DAY_MS);
      await Case.updateOne({ _id: seed.caseId }, { $set: { delinquentSince: since, overdueSince: since } });
    }
  }
  const added = Array.from({ length: 10 }, (_, i) => ({ ...seeds[i], open: true, caseId: `case-LIST-NEW-${i}`, dpd: 10 * i + 3, balance: 7_000 * i }));
  await Case.insertMany(added.map((seed) => rowOf(seed, nowMs)));
  await index.reread([...changes.map((seed) => seed.caseId), ...added.map((seed) => seed.caseId)]);

  for (const sort of ['caseId', '-dpd', 'dpd', '-balance', 'balance']) {
    for (const query of [{}, { bucket: 'M3' }, { dpdMin: 90 }, { balanceMax: 20_000 }] as Record<string, string | number>[]) {
      const asked = { status: 'open', sort, ...query };
      const [fromStore, fromIndex] = await Promise.all([allPages(suite.api, asked), allPages(indexed, asked)]);
      expect(fromIndex).toEqual(fromStore);
    }
  }
  const [storeCounts, indexCounts] = await Promise.all([suite.api.as('supervisor').get('/v1/portfolio/counts'), indexed.as('supervisor').get('/v1/portfolio/counts')]);
  expect({ ...indexCounts.body, source: 'store', asOf: null }).toEqual({ ...storeCounts.body, asOf: null });
  expect(indexCounts.body.open).toBe(seeds.filter((seed) => seed.open).length - 20 + 10);
});
