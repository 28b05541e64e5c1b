// Roll rates and NPL over a synthetic portfolio whose answer is worked out by
// hand: snapshot documents written as the snapshot writes them on three days,
// the read model holding how the cases gone by the last day closed. Then the
// snapshot itself on the real FerretDB: taken twice it writes the same
// documents; a case closed since is removed on the retake.
import request from 'supertest';
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { snapshotDayModel, snapshotId, snapshotModel, type CaseSnapshot } from '../../src/db/snapshots';
import { rolesOtherThan, testApi, unconnectedClient, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const A = '2026-10-31';
const MIDDLE = '2026-11-15';
const B = '2026-11-30';
const NOW = Date.parse(`${B}T12:00:00Z`);
let api: TestApi;

const GRADE: Record<string, { name: string; npl: boolean }> = {
  M0: { name: '正常', npl: false }, M1: { name: '关注', npl: false }, M2: { name: '关注', npl: false }, M3: { name: '关注', npl: false },
  M4: { name: '次级', npl: true }, M5: { name: '可疑', npl: true },
};

function snapshot(day: string, n: number, bucket: string, balance: number, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const caseId = `case-known-${n}`;
  return {
    _id: snapshotId(day, caseId), day, caseId, loanId: `known-${n}`, product: 'loan', bucket, classification: GRADE[bucket], balance, currency: 'CNY',
    dpd: 0, stage: 'collect', strategy: { id: 'default', version: 1, variant: 'champion' }, segment: 'low-risk', agency: null, overdueReason: null, ...overrides,
  };
}

const card = { product: 'credit-card', segment: 'high-risk' };
/**
 * On A: M1 c1 100 → M0 (cure), c2 200 (card) → M2, c3 300 → M2, c4 400 → gone, closed settled (a cure, as every report counts one), c5 500 → M1;
 *       M2 c6 1000 → M3, c7 2000 → gone, written off (closed), c8 3000 → M1 (back, not a cure);
 *       M4 c9 5000 (card, 次级) → M5 (可疑). On B: c10 700 in M1 is new.
 */
const PORTFOLIO: CaseSnapshot[] = [
  snapshot(A, 1, 'M1', 100), snapshot(A, 2, 'M1', 200, card), snapshot(A, 3, 'M1', 300), snapshot(A, 4, 'M1', 400), snapshot(A, 5, 'M1', 500),
  snapshot(A, 6, 'M2', 1000), snapshot(A, 7, 'M2', 2000), snapshot(A, 8, 'M2', 3000), snapshot(A, 9, 'M4', 5000, card),
  snapshot(MIDDLE, 1, 'M1', 100), snapshot(MIDDLE, 9, 'M4', 5000, card),
  snapshot(B, 1, 'M0', 100), snapshot(B, 2, 'M2', 200, card), snapshot(B, 3, 'M2', 300), snapshot(B, 5, 'M1', 500), snapshot(B, 6, 'M3', 1000),
  snapshot(B, 8, 'M1', 3000), snapshot(B, 9, 'M5', 5000, card), snapshot(B, 10, 'M1', 700),
];

function closedRow(n: number, closureOutcome: CaseRecord['closureOutcome']): CaseRecord {
  const caseId = `case-known-${n}`;
  return {
    _id: caseId, caseId, loanId: `known-${n}`, status: 'closed', stage: 'closed', daysPastDue: 0, bucket: 'M0', classification: '正常', npl: false,
    closureOutcome, closedAt: new Date(NOW - 86_400_000), segment: 'low-risk', paused: false, agency: null, balance: 0, currency: 'CNY',
    strategyVersion: 'default@1', nextActionAt: null, eventCount: 9, updatedAt: new Date(NOW),
  };
}

beforeAll(async () => {
  api = await testApi(unconnectedClient(), suite.db.connection, {}, { wallNow: () => NOW });
  await snapshotModel(suite.db.connection).insertMany(PORTFOLIO);
  await snapshotDayModel(suite.db.connection).insertMany([A, MIDDLE, B].map((day) => ({ _id: day, cases: PORTFOLIO.filter((s) => s.day === day).length, takenAt: new Date(`${day}T00:00:00Z`) })));
  await caseModel(suite.db.connection).insertMany([closedRow(4, 'settled'), closedRow(7, 'written-off')]);
});

const cell = (cases: number, balance: number) => ({ cases, balance });

test('roll rates between the latest day and 30 days before: the matrix, forward-roll and cure rates by hand', async () => {
  const { status, body } = await api.as('supervisor').get('/v1/reports/roll-rates');
  expect(status).toBe(200);
  expect([body.from, body.to, body.product, body.segment]).toEqual([A, B, null, null]);
  const row = (bucket: string) => body.rows.find((r: { bucket: string }) => r.bucket === bucket);
  const nonZero = (bucket: string) => Object.fromEntries(Object.entries(row(bucket).to).filter(([, t]) => (t as { cases: number }).cases > 0));
  expect(row('M1')).toMatchObject({ cases: 5, balance: 1500, forwardRollRate: 0.4, cureRate: 0.4 });
  expect(nonZero('M1')).toEqual({ M0: cell(1, 100), M1: cell(1, 500), M2: cell(2, 500), cured: cell(1, 400) });
  expect(row('M2')).toMatchObject({ cases: 3, balance: 6000, forwardRollRate: 0.333333, cureRate: 0 });
  expect(nonZero('M2')).toEqual({ M1: cell(1, 3000), M3: cell(1, 1000), closed: cell(1, 2000) });
  expect(row('M4')).toMatchObject({ cases: 1, forwardRollRate: 1, cureRate: 0 });
  expect(nonZero('M4')).toEqual({ M5: cell(1, 5000) });
  expect(row('M3')).toMatchObject({ cases: 0, forwardRollRate: null, cureRate: null });
  expect(body.entered).toEqual(cell(1, 700));
  expect(body.destinations).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+', 'cured', 'closed']);
});

test('roll rates for one product: the cohort is the product on the earlier day', async () => {
  const { body } = await api.as('strategist').get(`/v1/reports/roll-rates?from=${A}&to=${B}&product=credit-card`);
  const rows = body.rows.filter((r: { cases: number }) => r.cases > 0).map((r: { bucket: string; cases: number; forwardRollRate: number }) => [r.bucket, r.cases, r.forwardRollRate]);
  expect(rows).toEqual([['M1', 1, 1], ['M4', 1, 1]]);
  expect(body.entered).toEqual(cell(0, 0));
  const segment = await api.as('strategist').get(`/v1/reports/roll-rates?from=${A}&to=${MIDDLE}&segment=low-risk`);
  // On the middle day only c1 is left of the low-risk cases: the other seven are gone, c4 cured and the rest closed or not known.
  expect(segment.body.rows.find((r: { bucket: string }) => r.bucket === 'M1')).toMatchObject({ cases: 4, cureRate: 0.25, forwardRollRate: 0 });
});

test('NPL by day and the migration between grades, by hand', async () => {
  const { status, body } = await api.as('supervisor').get(`/v1/reports/npl?from=${A}&to=${B}`);
  expect(status).toBe(200);
  expect(body.days.map((d: { day: string; balance: number; nplBalance: number; nplRatio: number }) => [d.day, d.balance, d.nplBalance, d.nplRatio])).toEqual([
    [A, 12_500, 5000, 0.4],
    [MIDDLE, 5100, 5000, 0.980392],
    [B, 10_800, 5000, 0.462963],
  ]);
  expect(body.days[2].byClassification).toMatchObject({ 正常: cell(1, 100), 关注: cell(6, 5700), 可疑: cell(1, 5000) });
  const { migration } = body;
  expect([migration.from, migration.to]).toEqual([A, B]);
  const row = (grade: string) => migration.rows.find((r: { classification: string }) => r.classification === grade);
  const nonZero = (grade: string) => Object.fromEntries(Object.entries(row(grade).to).filter(([, t]) => (t as { cases: number }).cases > 0));
  expect(row('关注')).toMatchObject(cell(8, 7500));
  expect(nonZero('关注')).toEqual({ 正常: cell(1, 100), 关注: cell(5, 5000), cured: cell(1, 400), closed: cell(1, 2000) });
  expect(nonZero('次级')).toEqual({ 可疑: cell(1, 5000) });
});

test('CSV: a header row and one row per cell or per day, to download', async () => {
  const roll = await api.as('supervisor').get(`/v1/reports/roll-rates?from=${A}&to=${B}&format=csv`);
  expect(roll.status).toBe(200);
  expect(roll.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(roll.headers['content-disposition']).toBe(`attachment; filename=roll-rates-${A}-${B}.csv`);
  const lines = roll.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('from,to,product,segment,fromBucket,toDestination,cases,balance,share,forwardRollRate,cureRate');
  expect(lines).toHaveLength(1 + 8 * 10);
  expect(lines).toContain(`${A},${B},all,all,M1,M2,2,500,0.4,0.4,0.4`);
  expect(lines).toContain(`${A},${B},all,all,M3,M0,0,0,,,`);
  const npl = await api.as('strategist').get(`/v1/reports/npl?from=${A}&to=${B}&format=csv`);
  expect(npl.headers['content-disposition']).toBe(`attachment; filename=npl-${A}-${B}.csv`);
  expect(npl.text.trimEnd().split('\r\n')).toEqual([
    'day,cases,balance,nplCases,nplBalance,nplRatio,正常,关注,次级,可疑,损失',
    `${A},9,12500,1,5000,0.4,0,7500,5000,0,0`,
    `${MIDDLE},2,5100,1,5000,0.980392,0,100,5000,0,0`,
    `${B},8,10800,1,5000,0.462963,100,5700,0,5000,0`,
  ]);
});

test('a bad query names the field; a day not taken is 404; only supervisors and strategists read reports', async () => {
  for (const [query, field] of [['from=2026-13-01', 'query.from'], ['format=xml', 'query.format'], [`from=${B}&to=${A}`, 'query.to'], ['segment=vip', 'query.segment'], ['bucket=M1', 'query.bucket']]) {
    const { status, body } = await api.as('supervisor').get(`/v1/reports/roll-rates?${query}`);
    expect([query, status, body.error.code, body.error.details.map((d: { path: string }) => d.path)]).toEqual([query, 422, 'VALIDATION_FAILED', [field]]);
  }
  const missing = await api.as('supervisor').get('/v1/reports/roll-rates?from=2026-11-01&to=2026-11-30');
  expect([missing.status, missing.body.error.code]).toEqual([404, 'SNAPSHOT_NOT_FOUND']);
  expect(missing.body.error.message).toContain('2026-11-01');
  expect((await api.as('supervisor').get('/v1/reports/npl?from=2026-12-01&to=2026-12-31')).status).toBe(404);
  for (const role of rolesOtherThan('supervisor', 'strategist')) {
    for (const path of ['/v1/reports/roll-rates', '/v1/reports/npl', '/v1/reports/snapshots']) {
      expect([role, path, (await api.as(role).get(path)).status]).toEqual([role, path, 403]);
    }
  }
  expect((await request(api.app).get('/v1/reports/npl')).status).toBe(401);
});
