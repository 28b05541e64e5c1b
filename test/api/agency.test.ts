// The agencies' callback through the API, against a real worker on the
// time-skipping server: a case places its loan with an agency; the agency's
// collection reports pay the loan once each, however often they are posted.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import type { CaseProgress } from '../../src/activities/case-records';
import { paymentModel } from '../../src/db/payments';
import { caseIdFor } from '../../src/workflows/collection-case/case-state';
import { observedActivities, oneLadder, type Observed } from '../channels/support';
import { openTestCase } from '../support/cases';
import { startTestChannels, TEST_CONTACT, type TestChannels } from '../support/channels';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { isoDate, overdueLoan } from '../support/loans';
import { testWorker, timeSkippingEnvironment } from '../support/temporal';
import { noonZone, rolesOtherThan, testApi, type TestApi } from './support';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let channels: TestChannels;
let observed: Observed;
let worker: Worker;
let running: Promise<void>;
let api: TestApi;

beforeAll(async () => {
  [env, db, channels] = await Promise.all([timeSkippingEnvironment(), openTestDatabase(), startTestChannels()]);
  observed = observedActivities(channels.dependencies(db.connection));
  worker = await testWorker(env, observed.activities);
  running = worker.run();
  api = await testApi(env.client, db.connection);
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await db?.drop();
  await channels?.close();
});

const placeWithAgency = oneLadder('agency-placement', [
  { id: 'dpd1-agency', atDpd: 1, actions: [{ channel: 'agency', parameters: { agency: 'Acme Collections' } }] },
]);

const collect = (body: unknown) => api.as('agency').post('/v1/agency/collections').send(body as object);
const report = (placementRef: string, amount: number, reference: string) => ({
  event: 'collection-reported',
  placementRef,
  collection: { amount, date: isoDate(Date.now()), reference },
});

/** The case's progress once `until` holds for the view it publishes. */
const published = (loanId: string, until: (progress: CaseProgress) => boolean) =>
  observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && until(input));

test('a collection the agency reports pays the loan once, however often it is posted; the case hears each collection once', async () => {
  const loan = overdueLoan({ loanId: 'agency-api-1', nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  const caseId = caseIdFor(loan.loanId);
  const placementRef = `${caseId}:placement:1`;
  await api.as('supervisor').put(`/v1/loans/${loan.loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  await openTestCase(env, loan, { strategy: placeWithAgency });
  await published(loan.loanId, ({ view }) => view.agency !== null);
  const outstanding = async () => (await api.as('supervisor').get(`/v1/loans/${loan.loanId}`)).body.loan.outstanding as number;

  const first = await collect(report(placementRef, 50_000, 'ACME-1'));
  expect(first.status).toBe(200);
  const received = { caseId, loanId: loan.loanId, reference: `agency:${placementRef}:ACME-1`, caseNotified: true };
  expect(first.body).toEqual(received);
  expect(await outstanding()).toBe(loan.outstanding - 50_000);

  const repeat = await collect(report(placementRef, 50_000, 'ACME-1'));
  expect(repeat.status).toBe(200);
  expect(repeat.body).toEqual(received);
  expect(await outstanding()).toBe(loan.outstanding - 50_000);

  const conflicting = await collect(report(placementRef, 40_000, 'ACME-1'));
  expect(conflicting.status).toBe(409);
  expect(conflicting.body.error.code).toBe('PAYMENT_REFERENCE_CONFLICT');
  expect(await outstanding()).toBe(loan.outstanding - 50_000);
  expect(await paymentModel(db.connection).find({ loanId: loan.loanId }).lean()).toEqual([
    expect.objectContaining({ reference: received.reference, amount: 50_000, receivedBy: `agency:${placementRef}` }),
  ]);

  // The case takes signals in order: once it has the second collection, it has seen the repeat of the first.
  expect((await collect(report(placementRef, 10_000, 'ACME-2'))).status).toBe(200);
  const { input } = await published(loan.loanId, ({ view }) => view.balance === loan.outstanding - 60_000);
  expect(input.view.recentEvents.filter((event) => event.type === 'payment').map((event) => event.actor)).toEqual([
    received.reference,
    `agency:${placementRef}:ACME-2`,
  ]);
  expect(await outstanding()).toBe(loan.outstanding - 60_000);
});

test('a report for a placement nobody made is 404; a report that is not one is 422', async () => {
  const unknown = await collect(report('case-nobody:placement:1', 1_000, 'X-1'));
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toMatchObject({ code: 'PLACEMENT_NOT_FOUND', message: expect.stringContaining('case-nobody:placement:1') });
  expect(await paymentModel(db.connection).countDocuments({ reference: /case-nobody/ })).toBe(0);

  const invalid = await collect({ event: 'collection-recalled', placementRef: '', collection: { amount: -1, date: 'yesterday' } });
  expect(invalid.status).toBe(422);
  expect([...new Set(invalid.body.error.details.map((detail: { path: string }) => detail.path))].sort()).toEqual([
    'body.collection.amount',
    'body.collection.date',
    'body.collection.reference',
    'body.event',
    'body.placementRef',
  ]);
});

test('roles: only agencies (and admins) post collections; 401 without a token', async () => {
  const body = report('case-nobody:placement:1', 1_000, 'X-1');
  const anonymous = await request(api.app).post('/v1/agency/collections').send(body);
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  const forbidden = rolesOtherThan('agency');
  expect(forbidden).toEqual(expect.arrayContaining(['supervisor', 'agent', 'auditor']));
  for (const role of forbidden) {
    const refused = await api.as(role).post('/v1/agency/collections').send(body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  }
  expect((await api.as('admin').post('/v1/agency/collections').send(body)).body.error.code).toBe('PLACEMENT_NOT_FOUND');
});

test('the OpenAPI document has the callback with its role, body and error codes', async () => {
  const callback = (await request(api.app).get('/v1/openapi.json')).body.paths['/v1/agency/collections'].post;
  expect(callback['x-roles'].sort()).toEqual(['admin', 'agency']);
  expect(callback.requestBody.content['application/json'].schema.properties).toHaveProperty('collection');
  expect(callback.responses['404'].description).toBe('PLACEMENT_NOT_FOUND');
  expect(callback.responses['409'].description).toBe('PAYMENT_REFERENCE_CONFLICT');
});
