// Strategy versions through the API: the seeded default, new versions, the default choice.
import request from 'supertest';
import { DEFAULT_STRATEGY, type Strategy } from '../../src/domain';
import { rolesOtherThan } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });

const SEEDED = DEFAULT_STRATEGY.version;
const version = (n: number): Strategy => ({ ...DEFAULT_STRATEGY, version: n, name: `Default ladder v${n}` });

test('the default strategy is seeded on first use and is the default', async () => {
  const list = await suite.api.as('auditor').get('/v1/strategies');
  expect(list.status).toBe(200);
  expect(list.body.defaultStrategy).toEqual({ id: 'default', version: SEEDED });
  expect(list.body.strategies).toEqual([expect.objectContaining({ id: 'default', version: SEEDED, createdBy: 'system', isDefault: true })]);
  const one = await suite.api.as('supervisor').get(`/v1/strategies/default/versions/${SEEDED}`);
  expect(one.body.strategy).toEqual(DEFAULT_STRATEGY);
  expect((await suite.api.as('supervisor').get('/v1/strategies/default/versions/9')).body.error.code).toBe('STRATEGY_NOT_FOUND');
});

test('a new version is stored, a version not above the latest is 409, and it can become the default', async () => {
  const next = SEEDED + 1;
  const created = await suite.api.as('supervisor').post('/v1/strategies').send(version(next));
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ strategy: version(next), createdBy: 'supervisor-1' });

  for (const stale of [next, SEEDED]) {
    const refused = await suite.api.as('admin').post('/v1/strategies').send(version(stale));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'STRATEGY_VERSION_NOT_NEWER', message: expect.stringContaining(`version ${next}`) });
  }

  const chosen = await suite.api.as('supervisor').put('/v1/strategies/default').send({ id: 'default', version: next });
  expect(chosen.status).toBe(200);
  const list = await suite.api.as('supervisor').get('/v1/strategies');
  expect(list.body.defaultStrategy).toEqual({ id: 'default', version: next });
  expect(list.body.strategies.map((s: { version: number }) => s.version)).toEqual([next, SEEDED]);

  const missing = await suite.api.as('supervisor').put('/v1/strategies/default').send({ id: 'default', version: 7 });
  expect(missing.status).toBe(404);
  const unknownField = await suite.api.as('supervisor').put('/v1/strategies/default').send({ id: 'default', version: next, note: 'x' });
  expect(unknownField.body.error.details).toEqual([{ path: 'body.note', message: 'unknown field' }]);
});

test('an invalid strategy is 422 naming the bad field path', async () => {
  const broken = structuredClone(version(SEEDED + 2)) as Strategy;
  broken.variants[0].segments['high-risk'].ladder[2].atDpd = -4;
  const response = await suite.api.as('supervisor').post('/v1/strategies').send({ ...broken, colour: 'blue' });
  expect(response.status).toBe(422);
  expect(response.body.error.code).toBe('VALIDATION_FAILED');
  const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
  expect(paths).toEqual(expect.arrayContaining(['body.variants.0.segments.high-risk.ladder.2.atDpd', 'body']));
  expect(response.body.error.message).toContain('body.variants.0.segments.high-risk.ladder.2.atDpd');
});

test('reads are for supervisors, strategists and auditors, writes for supervisors and strategists; admin may do all', async () => {
  expect((await request(suite.api.app).get('/v1/strategies')).status).toBe(401);
  for (const role of rolesOtherThan('supervisor', 'strategist', 'auditor')) expect((await suite.api.as(role).get('/v1/strategies')).status).toBe(403);
  for (const role of rolesOtherThan('supervisor', 'strategist')) {
    expect((await suite.api.as(role).post('/v1/strategies').send(version(10))).status).toBe(403);
    expect((await suite.api.as(role).put('/v1/strategies/default').send({ id: 'default', version: 1 })).status).toBe(403);
  }
  expect((await suite.api.as('admin').get('/v1/strategies')).status).toBe(200);
  expect((await suite.api.as('strategist').post('/v1/strategies').send(version(11))).status).toBe(201);
});
