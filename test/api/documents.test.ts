// What the API says about itself: the OpenAPI document, Swagger UI, metrics, and
// errors that never leak internals.
import { Readable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { v1Routes } from '../../src/api/app';
import { ROLES, type Role } from '../../src/security/auth';
import { apiContext } from '../../src/api/context';
import { ApiError, errorHandler, errorResponseSchema, notFound } from '../../src/api/errors';
import { IMPORT_FORMATS, sourceRows } from '../../src/cases/import/source-rows';
import { declaredRoutes, openApiPath, type DeclaredRoute } from '../../src/api/route';
import { loanEntrySchema } from '../../src/cases/loan-entry';
import { issueDetails } from '../../src/cases/validation-issues';
import { caseModel } from '../../src/db/cases';
import { REAL_TIME, validateStrategy } from '../../src/domain';
import { createLogger } from '../../src/logger';
import { testApi, testApiConfig, unconnectedClient } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });

test('/v1/openapi.json is OpenAPI 3.1 with every route, its roles, its schemas and bearer or session security', async () => {
  const response = await request(suite.api.app).get('/v1/openapi.json');
  expect(response.status).toBe(200);
  const document = response.body;
  expect(document.openapi).toBe('3.1.0');
  expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  const operations = Object.entries(document.paths as Record<string, Record<string, { 'x-roles'?: string[]; security?: unknown }>>).flatMap(
    ([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
  );
  expect(operations.map((o) => o.route)).toEqual(
    expect.arrayContaining([
      'PUT /v1/loans/{loanId}',
      'GET /v1/loans/{loanId}',
      'POST /v1/loans/import',
      'POST /v1/loans/{loanId}/payments',
      'GET /v1/strategies',
      'GET /v1/strategies/{id}/versions/{version}',
      'POST /v1/strategies',
      'PUT /v1/strategies/default',
      'POST /v1/cases',
      'GET /v1/cases',
      'GET /v1/cases/{caseId}',
      'POST /v1/cases/{caseId}/commands/pause',
      'POST /v1/cases/{caseId}/commands/move-strategy',
      'GET /v1/cases/{caseId}/timeline',
      'GET /v1/cases/{caseId}/history',
      'POST /v1/cases/{caseId}/replay',
      'POST /v1/monitor/sweep',
      'GET /v1/monitor/sweeps/{sweepId}',
      'GET /v1/monitor/schedule',
      'GET /healthz',
      'GET /metrics',
    ]),
  );
  expect(document.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'arrears_session' });
  const publicRoute = (route: string) => route.endsWith('openapi.json') || / \/v1\/session/.test(route);
  for (const { route, operation } of operations.filter((o) => o.route.includes('/v1/') && !publicRoute(o.route))) {
    expect({ route, roles: operation['x-roles'] }).toEqual({ route, roles: expect.arrayContaining(['admin']) });
    expect(operation.security).toEqual([{ bearer: [] }, { session: [] }]);
  }
  const put = document.paths['/v1/loans/{loanId}'].put;
  expect(put.requestBody.content['application/json'].schema.properties.loan.properties.installments.type).toBe('array');
  expect(put.responses['422'].content['application/json'].schema.properties.error).toBeDefined();
  expect(document.paths['/v1/loans/import'].post.description).toContain('seq:dueDate:amountDue:amountPaid');
});

type MediaType = { examples?: Record<string, { value: unknown }> };
type Operation = { security?: unknown; requestBody?: { content: Record<string, MediaType> }; responses: Record<string, { content?: Record<string, MediaType> }> };

const hasExamples = (media: MediaType | undefined) => Object.keys(media?.examples ?? {}).length > 0;

test('every operation in /v1/openapi.json has an example of its request body, its success response and a failure', async () => {
  const document = (await request(suite.api.app).get('/v1/openapi.json')).body;
  const missing: string[] = [];
  let operations = 0;
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const route = `${method.toUpperCase()} ${path}`;
      operations += 1;
      for (const [mediaType, media] of Object.entries(operation.requestBody?.content ?? {})) {
        if (!hasExamples(media)) missing.push(`${route}: request ${mediaType}`);
      }
      // A browser's sign-in steps answer with a redirect (3xx), whose Location is the whole answer: no body to show.
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2')) ?? Object.keys(operation.responses).find((status) => status.startsWith('3'));
      if (!success) missing.push(`${route}: a success or redirect response`);
      for (const [mediaType, media] of Object.entries((success && operation.responses[success].content) || {})) {
        if (!hasExamples(media)) missing.push(`${route}: ${success} ${mediaType}`);
      }
      const failures = Object.entries(operation.responses).filter(([status]) => !status.startsWith('2') && !status.startsWith('3'));
      if (operation.security && !failures.some(([, response]) => hasExamples(response.content?.['application/json']))) {
        missing.push(`${route}: an error`);
      }
    }
  }
  expect(missing).toEqual([]);
  expect(operations).toBeGreaterThan(35);
});

/** How the routes that read their own body read it: the problems each example meets, none when it reads. */
const RAW_BODY_READERS: Record<string, (example: unknown, mediaType: string) => Promise<string[]>> = {
  async 'POST /v1/loans/import'(file, mediaType) {
    const problems: string[] = [];
    let rows = 0;
    for await (const row of sourceRows(Readable.from([String(file)]), IMPORT_FORMATS[mediaType as keyof typeof IMPORT_FORMATS])) {
      rows += 1;
      if ('problem' in row) {
        problems.push(`row ${row.row}: ${row.problem}`);
        continue;
      }
      const parsed = loanEntrySchema.safeParse(row.entry);
      if (!parsed.success) problems.push(...issueDetails(parsed.error.issues).map(({ path, message }) => `row ${row.row}: ${path}: ${message}`));
    }
    return rows ? problems : ['no rows'];
  },
  async 'POST /v1/strategies'(document) {
    const validation = validateStrategy(document);
    return validation.ok ? [] : validation.errors.map(({ path, message }) => `${path}: ${message}`);
  },
};

describe('examples are what the routes take and give', () => {
  let routes: DeclaredRoute[];
  const name = (route: DeclaredRoute) => `${route.method.toUpperCase()} ${openApiPath(route.path)}`;

  beforeAll(() => {
    const context = apiContext({
      temporal: unconnectedClient(),
      database: suite.db.connection,
      config: testApiConfig(),
      taskQueue: 'arrears-test',
      clock: REAL_TIME,
      logger: createLogger({ LOG_LEVEL: 'silent' }),
    });
    routes = declaredRoutes((table) => v1Routes(table, context, async () => ({ match: true })));
  });

  test('every request example parses with the body schema its route validates with', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const [example, { value }] of Object.entries(route.examples.request ?? {})) {
        const parsed = route.body!.safeParse(value);
        if (!parsed.success) problems.push(...issueDetails(parsed.error.issues, 'body').map((d) => `${name(route)} ${example}: ${d.path}: ${d.message}`));
        checked += 1;
      }
      for (const [mediaType, media] of Object.entries(route.rawBody ?? {})) {
        const read = RAW_BODY_READERS[name(route)];
        for (const [example, { value }] of Object.entries((media?.examples ?? {}) as Record<string, { value: unknown }>)) {
          problems.push(...(read ? await read(value, mediaType) : ['no reader for its raw body']).map((problem) => `${name(route)} ${example}: ${problem}`));
          checked += 1;
        }
      }
      if (route.examples.request && !route.body) problems.push(`${name(route)}: request examples for a route that takes no JSON body`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(25);
  });

  test('every response example parses with its route\'s response schema, every error example with the error schema', () => {
    const problems: string[] = [];
    for (const route of routes) {
      for (const [example, { value }] of Object.entries(route.examples.response)) {
        const parsed = route.response.schema.safeParse(value);
        if (!parsed.success) problems.push(...issueDetails(parsed.error.issues).map((d) => `${name(route)} ${example}: ${d.path}: ${d.message}`));
      }
      const error = errorResponseSchema.safeParse(route.examples.error.value);
      if (!error.success) problems.push(`${name(route)} error: ${error.error.message}`);
    }
    expect(problems).toEqual([]);
  });
});

test('the document says what business time is and which times are in it', async () => {
  const document = (await request(suite.api.app).get('/v1/openapi.json')).body;
  expect(document.info.description).toMatch(/business time.*24 h day.*ARREARS_DAY_LENGTH.*ARREARS_TIME_ORIGIN/s);
  const pause = document.paths['/v1/cases/{caseId}/commands/pause'].post;
  expect(pause.requestBody.content['application/json'].schema.properties.until.description).toContain('business time');
  const view = pause.responses['200'].content['application/json'].schema.properties;
  for (const time of [view.asOf, view.nextAction.properties.at, view.waitingFor.items.properties.until, view.closure.properties.at]) {
    expect(time.description).toMatch(/Business time/);
  }
  const task = document.paths['/v1/tasks/{taskId}'].get.responses['200'].content['application/json'].schema.properties;
  expect(task.dueAt.description).toMatch(/Business time/);
});

test('every /v1 route with roles: 401 without a token or with a bad one, 403 for each role it does not allow', async () => {
  const document = (await request(suite.api.app).get('/v1/openapi.json')).body;
  let checked = 0;
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, { 'x-roles': Role[] }>>)) {
    if (!path.startsWith('/v1/') || path.endsWith('openapi.json')) continue;
    const url = path.replace(/\{[^}]+\}/g, 'x-1');
    for (const [method, operation] of Object.entries(methods).filter(([, declared]) => declared['x-roles'])) {
      const call = (headers: Record<string, string>) => request(suite.api.app)[method as 'get'](url).set(headers).send();
      const anonymous = await call({});
      expect({ route: `${method} ${path}`, status: anonymous.status, code: anonymous.body.error?.code }).toEqual({
        route: `${method} ${path}`, status: 401, code: 'UNAUTHENTICATED',
      });
      expect((await call({ Authorization: 'Bearer not-a-token' })).status).toBe(401);
      for (const role of ROLES.filter((candidate) => !operation['x-roles'].includes(candidate))) {
        const refused = await call({ Authorization: `Bearer ${suite.api.tokens[role]}` });
        expect({ route: `${method} ${path}`, role, status: refused.status }).toEqual({ route: `${method} ${path}`, role, status: 403 });
      }
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(30);
});

test('Swagger UI is served at /docs', async () => {
  const page = await request(suite.api.app).get('/docs/');
  expect(page.status).toBe(200);
  expect(page.text).toContain('swagger-ui');
});

test('/metrics counts requests by route pattern and open cases by stage', async () => {
  await caseModel(suite.db.connection).insertMany(
    [['m-1', 'collect'], ['m-2', 'collect'], ['m-3', 'follow-up']].map(([id, stage]) => ({
      _id: `case-${id}`, caseId: `case-${id}`, loanId: id, status: 'open', stage, daysPastDue: 3, bucket: 'M1', classification: '关注', npl: false,
      segment: null, paused: false, agency: null, balance: 1, currency: 'CNY', strategyVersion: 'default@1', nextActionAt: null,
      eventCount: 1, updatedAt: new Date(),
    })),
  );
  await suite.api.as('supervisor').get('/v1/loans/metrics-loan');
  const metrics = await request(suite.api.app).get('/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.text).toMatch(/arrears_http_requests_total\{method="GET",route="\/v1\/loans\/:loanId",status="404"\} 1/);
  expect(metrics.text).toContain('arrears_http_request_duration_seconds_bucket');
  expect(metrics.text).toMatch(/arrears_cases_by_stage\{stage="collect"\} 2/);
  expect(metrics.text).toMatch(/arrears_cases_by_stage\{stage="follow-up"\} 1/);
});

test('errors never carry stack traces, and messages are scrubbed of personal data', async () => {
  const app = express();
  app.get('/crash', () => {
    throw new Error('database said no for +8613812345678 at /srv/app/src/db.ts:12');
  });
  app.get('/known', () => {
    throw new ApiError('LOAN_NOT_FOUND', 'No loan for debtor phone +8613812345678');
  });
  app.use(notFound, errorHandler(createLogger({ LOG_LEVEL: 'silent' })));

  const crash = await request(app).get('/crash');
  expect(crash.status).toBe(500);
  expect(crash.body.error.code).toBe('INTERNAL');
  expect(crash.text).not.toMatch(/13812345678|db\.ts|at |stack/);
  const known = await request(app).get('/known');
  expect(known.body).toEqual({ error: { code: 'LOAN_NOT_FOUND', message: 'No loan for debtor phone [PHONE]' } });
});

test('the rate limit answers 429 in the error shape', async () => {
  const limited = await testApi(unconnectedClient(), suite.db.connection, { API_RATE_LIMIT: '2' });
  for (let i = 0; i < 2; i++) await limited.as('supervisor').get('/v1/strategies');
  const refused = await limited.as('supervisor').get('/v1/strategies');
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('RATE_LIMITED');
  expect(refused.headers.ratelimit).toBeDefined();
});
