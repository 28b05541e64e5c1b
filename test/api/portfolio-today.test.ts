// GET /v1/portfolio/today over a contact log written the way the channels
// activity and the agencies' reports write it: today's attempts by channel
// (made, planned, deferred, denied, failed) and the guard's deferrals by rule;
// yesterday's and tomorrow's attempts are left out; only supervisors and
// auditors may read it. The day's query is one range on an index that holds
// every field it groups by, so MongoDB answers it from the index alone.
import { contactLog, contactModel, CONTACT_DAY_INDEX, type ContactAttemptEntry } from '../../src/db/contacts';
import { DAY_MS } from '../../src/domain';
import { rolesOtherThan, testApi, unconnectedClient, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const NOW = Date.UTC(2026, 10, 30, 14, 0);
const DAY_START = Date.UTC(2026, 10, 30);
let api: TestApi;

let seq = 0;
function attempt(channel: string, atMs: number): ContactAttemptEntry {
  seq += 1;
  const caseId = `case-today-${seq}`;
  return { idempotencyKey: `${caseId}:1`, caseId, loanId: `today-${seq}`, debtorRef: `debtor-${seq}`, seq: 1, step: 'dpd1', channel, purpose: 'collection', at: new Date(atMs) };
}

beforeAll(async () => {
  // The API's business clock reads this wall clock (the test configuration's day is 24 h from the epoch).
  api = await testApi(unconnectedClient(), suite.db.connection, {}, { wallNow: () => NOW });
  const log = contactLog(suite.db.connection);
  const allowed = { rule: 'all-rules-passed', profile: 'CN_NIFA', reason: 'allowed' };
  const sent = async (entry: ContactAttemptEntry) => {
    await log.markPending(entry, allowed);
    await log.markSent(entry.idempotencyKey, { outcome: 'delivered', providerRef: `ref-${entry.idempotencyKey}`, reason: 'sent' });
  };
  const defer = (entry: ContactAttemptEntry, rule: string) =>
    log.recordVerdict(entry, { status: 'deferred', rule, profile: 'CN_NIFA', reason: `deferred by ${rule}`, deferredUntil: new Date(NOW + 3_600_000) });

  await sent(attempt('sms', DAY_START + 1_000));
  await sent(attempt('sms', NOW - 60_000));
  await log.markPending(attempt('sms', NOW - 1_000), allowed);
  await defer(attempt('sms', DAY_START + 2_000), 'nifa-quiet-22-08');
  await defer(attempt('sms', NOW - 5_000), 'nifa-quiet-22-08');
  await log.recordVerdict(attempt('sms', NOW - 7_000), { status: 'denied', rule: 'case-cease-contact', profile: 'CN_NIFA', reason: 'ceased' });
  // A call task: planned until its agent reports it, made once reported.
  const call = attempt('phone', NOW - 30_000);
  await sent(call);
  await sent(attempt('phone', NOW - 20_000));
  await log.recordOutcome(call.idempotencyKey, 'conversation', new Date(NOW - 10_000));
  await defer(attempt('phone', NOW - 4_000), 'nifa-3-connected-calls-per-day');
  const letter = attempt('letter', NOW - 3_000);
  await log.markPending(letter, allowed);
  await log.markFailed(letter.idempotencyKey, { failureCode: 'PROVIDER_REJECTED', reason: 'no address' });
  await log.recordAgencyContact({ ...attempt('phone', NOW - 2_000), agency: 'Acme Collections', contactOutcome: 'no-answer', placementRef: 'case-x:placement:1', reference: 'ACME-1' });
  // Yesterday's and tomorrow's attempts are not today's.
  await sent(attempt('sms', DAY_START - 1));
  await defer(attempt('sms', DAY_START - 60_000), 'nifa-quiet-22-08');
  await sent(attempt('letter', DAY_START + DAY_MS));
});

test("today's contacts by channel and the guard's deferrals by rule, from the contact log", async () => {
  const { status, body } = await api.as('supervisor').get('/v1/portfolio/today');
  expect(status).toBe(200);
  expect(body).toEqual({
    asOf: new Date(NOW).toISOString(),
    day: '2026-11-30',
    byChannel: {
      sms: { made: 2, planned: 1, deferred: 2, denied: 1, failed: 0 },
      phone: { made: 2, planned: 1, deferred: 1, denied: 0, failed: 0 },
      letter: { made: 0, planned: 0, deferred: 0, denied: 0, failed: 1 },
    },
    deferralsByRule: { 'nifa-quiet-22-08': 2, 'nifa-3-connected-calls-per-day': 1 },
  });
  expect((await api.as('auditor').get('/v1/portfolio/today')).status).toBe(200);
});

test('only supervisors and auditors may read the day; without a token it is 401', async () => {
  for (const role of rolesOtherThan('supervisor', 'auditor')) {
    const { status, body } = await api.as(role).get('/v1/portfolio/today');
    expect([role, status, body.error.code]).toEqual([role, 403, 'FORBIDDEN']);
  }
  const anonymous = await (await import('supertest')).default(api.app).get('/v1/portfolio/today');
  expect(anonymous.status).toBe(401);
});

test("the day's query is served by a declared index that starts with the time and holds every field it groups by", () => {
  const declared = contactModel(suite.db.connection).schema.indexes().map(([keys]) => keys);
  expect(declared).toContainEqual(CONTACT_DAY_INDEX);
  expect(Object.keys(CONTACT_DAY_INDEX)).toEqual(['at', 'channel', 'status', 'rule', 'contactOutcome']);
});
