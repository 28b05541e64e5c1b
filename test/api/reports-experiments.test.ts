// The strategy experiments report and the promotion of a challenger, on a synthetic
// portfolio of experiment facts whose answer is computed by hand: 100 cases per arm,
// entered 100 days ago, a set number of them paid up on day 40.
import { DEFAULT_STRATEGY } from '../../src/domain';
import { auditModel } from '../../src/db/audit';
import { rolesOtherThan } from '../support/api';
import { experimentArm as arm, insertExperiment } from '../support/experiments';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const CHALLENGER = DEFAULT_STRATEGY.variants[1].name;

beforeAll(async () => {
  await insertExperiment(suite.db.connection, [
    // A large difference: the challenger cures 60 of 100, the champion 45 of 100.
    arm('default', DEFAULT_STRATEGY.version, 'champion', 100, 45),
    arm('default', DEFAULT_STRATEGY.version, CHALLENGER, 100, 60),
    // No real difference: 48 against 52, the challenger a little ahead by chance.
    arm('even', 1, 'champion', 100, 48),
    arm('even', 1, 'challenger', 100, 52),
    // Too few: 20 challengers.
    arm('small', 1, 'champion', 100, 40),
    arm('small', 1, 'challenger', 20, 15),
  ]);
});

const report = (query: string) => suite.api.as('strategist').get(`/v1/reports/experiments?${query}`);

test('a challenger that cures 60 of 100 against 45 of 100 is better at p < 0.05, with the hand-computed z, p and Wilson intervals', async () => {
  const response = await report('strategy=default');
  expect(response.status).toBe(200);
  const [version] = response.body.versions;
  expect(version).toMatchObject({ strategy: 'default', version: DEFAULT_STRATEGY.version, champion: 'champion' });
  const [cohort] = version.cohorts;
  const [champion, challenger] = cohort.variants;
  expect(champion.variant).toBe('champion');
  expect(challenger.windows.map((w: { days: number; n: number; cured: number }) => [w.days, w.n, w.cured])).toEqual([[30, 100, 0], [60, 100, 60], [90, 100, 60]]);
  expect(challenger.windows[2].cureRate).toBe(0.6);
  expect(challenger.windows[2].cureInterval.low).toBeCloseTo(0.5020026, 6);
  expect(challenger.windows[2].cureInterval.high).toBeCloseTo(0.6905987, 6);
  expect(champion.windows[2].cureInterval.low).toBeCloseTo(0.3561454, 6);
  expect(challenger.windows[2].recovery).toMatchObject({ share: 0.6, method: 'bootstrap' });
  expect(challenger.windows[2].recovery.interval.low).toBeLessThan(0.6);
  expect(challenger.windows[2].recovery.interval.high).toBeGreaterThan(0.6);
  // One SMS each at 5 minor units: 500 for 100 cases, 60 cures.
  expect(challenger.contacts).toEqual({ sms: 100 });
  expect(challenger.cost).toEqual({ total: 500, perCase: 5, perCure: 500 / 60 });
  const [test] = cohort.tests;
  expect(test).toMatchObject({ variant: CHALLENGER, days: 90, verdict: { kind: 'better', text: 'challenger better at p < 0.05' } });
  expect(test.test.z).toBeCloseTo(2.1239770, 5);
  expect(test.test.p).toBeCloseTo(0.0336721, 5);
});

test('an experiment with no real difference does not say better; one with 20 challengers is too few', async () => {
  const even = (await report('strategy=even&champion=champion')).body.versions[0].cohorts[0].tests[0];
  expect(even.verdict).toEqual({ kind: 'no-difference', text: 'no difference yet (p = 0.572)' });
  expect(even.test.z).toBeCloseTo(0.5656854, 5);
  const small = (await report('strategy=small')).body.versions[0].cohorts[0].tests[0];
  expect(small.verdict).toEqual({ kind: 'too-few', text: 'too few cases (n = 20)' });
});

test('the CSV has a row per variant with its figures and the verdict; bad queries name the field', async () => {
  const csv = await report('strategy=default&format=csv');
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  const [header, ...rows] = csv.text.trim().split(/\r?\n/);
  const columns = header.split(',');
  const challengerRow = rows.map((row) => row.split(',')).find((row) => row[3] === CHALLENGER)!;
  const field = (name: string) => challengerRow[columns.indexOf(name)];
  expect(field('role')).toBe('challenger');
  expect(field('cure_rate_90d')).toBe('0.6000');
  expect(field('cure_low_90d')).toBe('0.5020');
  expect(field('z')).toBe('2.1240');
  expect(field('verdict')).toBe('challenger better at p < 0.05');
  expect(rows).toHaveLength(2);

  const bad = await report('strategy=default&cohort=2026-13');
  expect(bad.status).toBe(422);
  expect(bad.body.error.details).toEqual([{ path: 'query.cohort', message: 'an entry month, YYYY-MM' }]);
  expect((await suite.api.as('strategist').get('/v1/reports/experiments')).body.error.details[0].path).toBe('query.strategy');
  const otherCohort = await report('strategy=default&cohort=2001-01');
  expect(otherCohort.body.versions).toEqual([]);
});

test('the report is for supervisors and strategists', async () => {
  expect((await suite.api.as('supervisor').get('/v1/reports/experiments?strategy=default')).status).toBe(200);
  for (const role of rolesOtherThan('supervisor', 'strategist')) {
    expect((await suite.api.as(role).get('/v1/reports/experiments?strategy=default')).status).toBe(403);
  }
});

test('promoting the challenger makes a new version with its ladder, the figures and an audit record, and the default for new cases', async () => {
  const source = DEFAULT_STRATEGY.version;
  const refusedChampion = await suite.api.as('strategist').post('/v1/strategies/default/promotions').send({ version: source, variant: 'champion', reason: 'x' });
  expect(refusedChampion.status).toBe(409);
  expect(refusedChampion.body.error.code).toBe('VARIANT_IS_CHAMPION');
  const refusedMissing = await suite.api.as('strategist').post('/v1/strategies/default/promotions').send({ version: source, variant: 'nobody', reason: 'x' });
  expect(refusedMissing.status).toBe(404);
  expect(refusedMissing.body.error).toMatchObject({ code: 'VARIANT_NOT_FOUND', message: expect.stringContaining('its variants are champion, sms-early-stage') });
  expect((await suite.api.as('strategist').post('/v1/strategies/default/promotions').send({ version: 9, variant: CHALLENGER, reason: 'x' })).body.error.code).toBe(
    'STRATEGY_NOT_FOUND',
  );
  expect((await suite.api.as('strategist').post('/v1/strategies/default/promotions').send({ version: source, variant: CHALLENGER })).body.error.details).toEqual([
    { path: 'body.reason', message: expect.any(String) },
  ]);

  const promoted = await suite.api.as('strategist').post('/v1/strategies/default/promotions').send({ version: source, variant: CHALLENGER, reason: 'cures 15 points more' });
  expect(promoted.status).toBe(201);
  const next = source + 1;
  expect(promoted.body.strategy.version).toBe(next);
  expect(promoted.body.strategy.variants).toEqual([{ ...DEFAULT_STRATEGY.variants[1], name: 'champion', weight: 100 }]);
  expect(promoted.body.promotion).toMatchObject({
    from: { version: source, variant: CHALLENGER, champion: 'champion' },
    reason: 'cures 15 points more',
    promotedBy: 'strategist-1',
    figures: { test: { variant: CHALLENGER, verdict: { kind: 'better' } } },
  });
  expect(promoted.body.promotion.figures.variants.map((a: { variant: string; n: number }) => [a.variant, a.n])).toEqual([['champion', 100], [CHALLENGER, 100]]);

  const shown = await suite.api.as('auditor').get(`/v1/strategies/default/versions/${next}`);
  expect(shown.body.promotion).toEqual(promoted.body.promotion);
  const list = await suite.api.as('supervisor').get('/v1/strategies');
  expect(list.body.defaultStrategy).toEqual({ id: 'default', version: next });
  // The version it came from is as it was: running cases on it keep their ladders.
  expect((await suite.api.as('supervisor').get(`/v1/strategies/default/versions/${source}`)).body.strategy).toEqual(DEFAULT_STRATEGY);

  const audit = await auditModel(suite.db.connection).findById(`strategy:default:promotion:v${next}`).lean<{ actor: string; type: string; reason: string; data: { figures: unknown } }>();
  expect(audit).toMatchObject({ type: 'strategy-promoted', actor: 'strategist-1', reason: expect.stringContaining('cures 15 points more') });
  expect(audit!.data.figures).toEqual(promoted.body.promotion.figures);

  for (const role of rolesOtherThan('supervisor', 'strategist')) {
    expect((await suite.api.as(role).post('/v1/strategies/default/promotions').send({ version: source, variant: CHALLENGER, reason: 'x' })).status).toBe(403);
  }
});
