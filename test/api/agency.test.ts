// The agencies' callback through the API, against a real worker on the
// time-skipping server: a case places its loan with an agency; the agency's
// collection reports pay the loan once each, however often they are posted.
import request from 'supertest';
import type { CaseProgress } from '../../src/activities/case-records';
import { agencyContactKey, contactModel } from '../../src/db/contacts';
import { localDateTime } from '../../src/domain/compliance';
import { paymentModel } from '../../src/db/payments';
import { caseIdFor } from '../../src/domain';
import { oneLadder, openTestCase } from '../support/cases';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';
import { noonZone, rolesOtherThan } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();


const placeWithAgency = oneLadder('agency-placement', [
  { id: 'dpd1-agency', atDpd: 1, actions: [{ channel: 'agency', parameters: { agency: 'Acme Collections' } }] },
]);

/** A collection report as the agency the test placements name. */
const collect = async (body: unknown) => (await suite.api.asAgency('Acme Collections')).post('/v1/agency/collections').send(body as object);
const report = (placementRef: string, amount: number, reference: string) => ({
  event: 'collection-reported',
  placementRef,
  collection: { amount, date: isoDate(Date.now()), reference },
});

/** The case's progress once `until` holds for the view it publishes. */
const published = (loanId: string, until: (progress: CaseProgress) => boolean) =>
  suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && until(input));

test('a collection the agency reports pays the loan once, however often it is posted; the case hears each collection once', async () => {
  const loan = overdueLoan({ loanId: 'agency-api-1', nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  const caseId = caseIdFor(loan.loanId);
  const placementRef = `${caseId}:placement:1`;
  await suite.api.as('supervisor').put(`/v1/loans/${loan.loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  await openTestCase(suite.env, loan, { strategy: placeWithAgency });
  await published(loan.loanId, ({ view }) => view.agency !== null);
  const outstanding = async () => (await suite.api.as('supervisor').get(`/v1/loans/${loan.loanId}`)).body.loan.outstanding as number;

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
  expect(await paymentModel(suite.db.connection).find({ loanId: loan.loanId }).lean()).toEqual([
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

test("an agency reports only on its own placements: another agency's token is 403 and pays nothing, a token naming no agency is 403", async () => {
  const loan = overdueLoan({ loanId: 'agency-api-2', nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  const caseId = caseIdFor(loan.loanId);
  const placementRef = `${caseId}:placement:1`;
  await suite.api.as('supervisor').put(`/v1/loans/${loan.loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  await openTestCase(suite.env, loan, { strategy: placeWithAgency });
  await published(loan.loanId, ({ view }) => view.agency !== null);
  const payments = () => paymentModel(suite.db.connection).countDocuments({ loanId: loan.loanId });
  const contact = { placementRef, reference: 'CALL-1', channel: 'phone', at: new Date().toISOString(), outcome: 'no-answer' };

  const other = await suite.api.asAgency('Other Recovery');
  const notYours = await other.post('/v1/agency/collections').send(report(placementRef, 10_000, 'OTHER-1'));
  expect(notYours.status).toBe(403);
  expect(notYours.body.error).toMatchObject({ code: 'PLACEMENT_NOT_YOURS', message: expect.stringContaining(placementRef) });
  const notYourContact = await other.post('/v1/agency/contacts').send(contact);
  expect(notYourContact.status).toBe(403);
  expect(notYourContact.body.error.code).toBe('PLACEMENT_NOT_YOURS');
  const nameless = await suite.api.as('agency').post('/v1/agency/collections').send(report(placementRef, 10_000, 'ANON-1'));
  expect(nameless.status).toBe(403);
  expect(nameless.body.error.code).toBe('AGENCY_NOT_IDENTIFIED');
  expect((await suite.api.as('agency').post('/v1/agency/contacts').send(contact)).body.error.code).toBe('AGENCY_NOT_IDENTIFIED');
  expect(await payments()).toBe(0);
  expect(await contactModel(suite.db.connection).countDocuments({ caseId, party: 'agency' })).toBe(0);

  // The placement names its agency, in the contact log and to the agency provider.
  expect(await contactModel(suite.db.connection).findById(`${caseId}:1`).lean()).toMatchObject({ channel: 'agency', providerRef: placementRef, agency: 'Acme Collections' });
  expect(suite.channels.sent('agency').find((sent) => sent.id === placementRef)?.request).toMatchObject({ agency: 'Acme Collections' });
  const own = await collect(report(placementRef, 10_000, 'ACME-1'));
  expect(own.status).toBe(200);
  expect(own.body).toMatchObject({ caseId, reference: `agency:${placementRef}:ACME-1` });
  expect(await payments()).toBe(1);
  expect((await (await suite.api.asAgency('Acme Collections')).post('/v1/agency/contacts').send(contact)).status).toBe(200);
  // Logged with the debtor's hour, which the contact report's rate by hour reads.
  const logged = await contactModel(suite.db.connection).findById(agencyContactKey(placementRef, 'CALL-1')).lean();
  expect(logged).toMatchObject({ party: 'agency', localHour: localDateTime(Date.parse(contact.at), loan.debtor.timeZone).hour });
});

test('a report for a placement nobody made is 404; a report that is not one is 422', async () => {
  const unknown = await collect(report('case-nobody:placement:1', 1_000, 'X-1'));
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toMatchObject({ code: 'PLACEMENT_NOT_FOUND', message: expect.stringContaining('case-nobody:placement:1') });
  expect(await paymentModel(suite.db.connection).countDocuments({ reference: /case-nobody/ })).toBe(0);

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
  const anonymous = await request(suite.api.app).post('/v1/agency/collections').send(body);
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  const forbidden = rolesOtherThan('agency');
  expect(forbidden).toEqual(expect.arrayContaining(['supervisor', 'agent', 'auditor']));
  for (const role of forbidden) {
    const refused = await suite.api.as(role).post('/v1/agency/collections').send(body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await suite.api.as(role).post('/v1/agency/contacts').send({})).body.error.code).toBe('FORBIDDEN');
  }
  // An admin may act for any agency.
  expect((await suite.api.as('admin').post('/v1/agency/collections').send(body)).body.error.code).toBe('PLACEMENT_NOT_FOUND');
});

test('the OpenAPI document has the callback with its role, body and error codes', async () => {
  const callback = (await request(suite.api.app).get('/v1/openapi.json')).body.paths['/v1/agency/collections'].post;
  expect(callback['x-roles'].sort()).toEqual(['admin', 'agency']);
  expect(callback.requestBody.content['application/json'].schema.properties).toHaveProperty('collection');
  expect(callback.responses['404'].description).toBe('PLACEMENT_NOT_FOUND');
  expect(callback.responses['409'].description).toBe('PAYMENT_REFERENCE_CONFLICT');
});
