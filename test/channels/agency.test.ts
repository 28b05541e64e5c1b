// Agency placement and recall. A placement carries only what the agency needs;
// money the agency collects comes back through its callback as a payment; the
// case recalls the placement when it is paid, when a supervisor asks, and when
// a dispute stops collection.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { CaseProgress } from '../../src/activities/case-records';
import type { AgencyRecall } from '../../src/activities/channels';
import { contactModel } from '../../src/db/contacts';
import { loanBook } from '../../src/db/loans';
import { paymentModel } from '../../src/db/payments';
import { receiveAgencyCollection, type CollectionReceived } from '../../src/cases/agency-collections';
import { agencyReport } from '../../src/cases/reports/agencies';
import { caseIdFor } from '../../src/domain';
import { assignAgency, dispute, recallAgency } from '../../src/workflows/collection-case/messages';
import { closeTestCase, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, usLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

/** Our callback endpoint as the API would run it: each agency report becomes a payment on the case. */
let callbacks: Server;
let callbackUrl: string;
let collectionApplied!: (received: Promise<CollectionReceived>) => void;
/** The first collection the agency reports, once it has been applied as a payment. */
const firstCollection = new Promise<CollectionReceived>((resolve) => (collectionApplied = resolve));
beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.post('/agency-collections', (req, res) => {
    const received = receiveAgencyCollection(suite.env.client, suite.db.connection, req.body, { agency: 'Acme Collections' });
    collectionApplied(received);
    received.then(() => res.status(204).end(), () => res.status(400).end());
  });
  callbacks = createServer(app);
  await new Promise<void>((resolve) => callbacks.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}/agency-collections`;
});
afterAll(() => new Promise((resolve) => callbacks.close(resolve)));

const suite = caseSuite({ dependencies: () => ({ agencyCallbackUrl: callbackUrl }) });

const placeWithAgency = oneLadder('agency-placement', [{ id: 'dpd1-agency', atDpd: 1, actions: [{ channel: 'agency', parameters: { agency: 'Acme Collections' } }] }]);
const quietUntilDpd30 = oneLadder('late-letter', [{ id: 'dpd30-letter', atDpd: 30, actions: [{ channel: 'letter', template: 'demand-letter-2' }] }]);

function recalled(loanId: string, reason: AgencyRecall['reason']) {
  return suite.observed.finish<AgencyRecall>('recallFromAgency', ({ input, error }) => input.loanId === loanId && input.reason === reason && !error);
}

test('a placement carries only what the agency needs; a collection reported by the agency pays the loan, and the case recalls the placement', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'agency-1', nowMs: now, daysPastDue: 1 });
  const caseId = caseIdFor(loan.loanId);
  const placementRef = `${caseId}:placement:1`;

  const handle = await openCaseOn(suite, loan, placeWithAgency);
  const placed = await suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loan.loanId && input.view.agency !== null);
  // The agency collects the whole balance and reports it.
  await suite.channels.control('POST', '/agency/collections', { placementRef, amount: loan.outstanding, date: isoDate(now), reference: 'ACME-77' });
  const collection = await firstCollection;
  const result = await handle.result();

  const [placement, recall] = suite.channels.sent('agency').filter((record) => record.id === placementRef);
  expect(placement).toMatchObject({ operation: 'place', idempotencyKey: `${caseId}:1` });
  expect(Object.keys(placement.request as object).sort()).toEqual(['agency', 'balance', 'callbackUrl', 'currency', 'debtor', 'dpd', 'loanId', 'placementRef']);
  expect(placement.request).toMatchObject({
    agency: 'Acme Collections',
    loanId: loan.loanId,
    balance: loan.outstanding,
    currency: 'USD',
    dpd: 1,
    callbackUrl,
    debtor: { name: TEST_CONTACT.name, phone: TEST_CONTACT.phone, address: { lines: ['12 Elm Street', 'Springfield, IL 62701'], country: 'US' } },
  });
  expect(placed.input.view.agency).toMatchObject({ name: 'Acme Collections' });

  const reference = `agency:${placementRef}:ACME-77`;
  expect(collection).toEqual({ caseId, loanId: loan.loanId, reference, caseNotified: true });
  expect(await paymentModel(suite.db.connection).findOne({ reference }).lean()).toMatchObject({ loanId: loan.loanId, amount: loan.outstanding });
  expect((await loanBook(suite.db.connection).get(loan.loanId))!.loan.outstanding).toBe(0);

  expect(result.outcome).toBe('paid');
  expect(recall).toMatchObject({ operation: 'recall', idempotencyKey: `${caseId}:2`, request: { reason: 'paid' } });
  expect(result.view.agency).toBeNull();
  const reasons = result.view.recentEvents.map((event) => `${event.actor}: ${event.reason}`);
  expect(reasons).toEqual(expect.arrayContaining([`${reference}: payment of ${loan.outstanding} USD received`, 'system: recalled from agency Acme Collections (paid)']));

  // The agencies report reads the case as the workflow and its activities recorded it: the balance placed (kept on the
  // placement's log entry with the debtor's hour), the payment while placed, the recall and its reason.
  expect(await contactModel(suite.db.connection).findById(`${caseId}:1`).lean()).toMatchObject({ balance: loan.outstanding, localHour: 10 });
  const { agencies } = await agencyReport({ database: suite.db.connection }, { from: isoDate(now), to: isoDate(now + 86_400_000) });
  expect(agencies.find((row) => row.agency === 'Acme Collections')).toMatchObject({
    casesPlaced: 1, balancePlaced: loan.outstanding, collected: loan.outstanding, recoveryRate: 1, withCollection: 1, recalls: { paid: 1 },
  });
});

test("a supervisor's assignment and recall reach the agency, and a dispute recalls the case by itself", async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'agency-2', nowMs: now, daysPastDue: 1 });
  const caseId = caseIdFor(loan.loanId);
  const actor = 'supervisor-1';

  const handle = await openCaseOn(suite, loan, quietUntilDpd30);
  const assigned = await handle.executeUpdate(assignAgency, { args: [{ actor, agency: 'Beta Recovery' }] });
  const afterRecall = await handle.executeUpdate(recallAgency, { args: [{ actor, reason: 'moving to an in-house team' }] });
  await handle.executeUpdate(assignAgency, { args: [{ actor, agency: 'Gamma Recovery' }] });
  await handle.executeUpdate(dispute, { args: [{ actor, reason: 'the debtor says the debt is not theirs' }] });
  await recalled(loan.loanId, 'disputed');
  const closed = await closeTestCase(handle);

  expect(assigned.agency).toMatchObject({ name: 'Beta Recovery' });
  expect(afterRecall.agency).toBeNull();
  const operations = suite.channels.sent('agency').filter((record) => record.id.startsWith(`${caseId}:`));
  expect(operations.map((record) => [record.operation, record.id, (record.request as { reason?: string }).reason])).toEqual([
    ['place', `${caseId}:placement:1`, undefined],
    ['recall', `${caseId}:placement:1`, 'supervisor-request'],
    ['place', `${caseId}:placement:3`, undefined],
    ['recall', `${caseId}:placement:3`, 'disputed'],
  ]);
  expect(closed.agency).toBeNull();
});

test("a supervisor's placement while the strategy's is under way: the agency lock lets one finish first, and one agency works the case", async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'agency-lock-1', nowMs: now, daysPastDue: 1 });
  const caseId = caseIdFor(loan.loanId);
  // The agency holds the strategy's placement past the provider timeout: it is under way, then retried.
  await suite.channels.control('POST', '/faults', { channel: 'agency', mode: 'timeout', holdMs: 3_000 });
  const handle = await openCaseOn(suite, loan, placeWithAgency);
  const contacts = contactModel(suite.db.connection);
  for (let attempt = 0; attempt < 200 && !(await contacts.findOne({ caseId, channel: 'agency', status: 'pending' }).lean()); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const assigned = await handle.executeUpdate(assignAgency, { args: [{ actor: 'supervisor-3', agency: 'Beta Recovery', reason: 'specialist for this debtor' }] });
  await closeTestCase(handle);

  expect(assigned.agency).toMatchObject({ name: 'Beta Recovery' });
  const operations = suite.channels.sent('agency').filter((record) => record.id.startsWith(`${caseId}:`));
  const placed = operations.filter((record) => record.operation === 'place').map((record) => record.id);
  const recalledRefs = operations.filter((record) => record.operation === 'recall').map((record) => record.id);
  // Every placement but the supervisor's was recalled before it was made, and the supervisor's when the case closed.
  expect(placed).toHaveLength(2);
  expect(operations.map((record) => [record.operation, (record.request as { reason?: string }).reason])).toEqual([
    ['place', undefined],
    ['recall', 'supervisor-request'],
    ['place', undefined],
    ['recall', 'case-closed'],
  ]);
  expect(new Set(recalledRefs)).toEqual(new Set(placed));
});
