// GET /v1/reports/contacts, /agencies and /reasons over a synthetic log and audit
// trail written straight into the store, each figure worked out by hand below:
// right-party rates by channel and local hour, promises kept, payments within 7
// days of a delivered or answered contact (one a minute past 7 days does not
// count), the guard by rule, the agency league, and the overdue reasons with
// their cure rates; then the CSV exports, the roles and the window's checks.
import { auditModel, type AuditRecord } from '../../src/db/audit';
import { contactModel, type ContactRecord } from '../../src/db/contacts';
import { DAY_MS } from '../../src/domain';
import { rolesOtherThan, testApi, unconnectedClient, type TestApi } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const NOW = Date.UTC(2026, 11, 5, 12);
const WINDOW = 'from=2026-11-01&to=2026-11-30';
const day = (month: number, date: number, hours = 0, minutes = 0) => new Date(Date.UTC(2026, month - 1, date, hours, minutes));
let api: TestApi;

let contactSeq = 0;
type Contact = Partial<ContactRecord> & Pick<ContactRecord, 'caseId' | 'channel' | 'status' | 'at'>;
function contact(fields: Contact): ContactRecord {
  contactSeq += 1;
  const key = `${fields.caseId}:${contactSeq}`;
  return {
    _id: key, idempotencyKey: key, loanId: fields.caseId.slice(5), debtorRef: `debtor-${fields.caseId}`, seq: contactSeq, step: 'dpd1', purpose: 'collection', updatedAt: new Date(), ...fields,
  };
}

let auditSeq = 0;
function event(caseId: string, type: AuditRecord['type'], at: Date, data?: Record<string, unknown>, seq = ++auditSeq): AuditRecord {
  return { _id: `${caseId}:${seq}`, caseId, loanId: caseId.slice(5), seq, at, type, actor: 'system', reason: type, ...(data && { data }) };
}

beforeAll(async () => {
  api = await testApi(unconnectedClient(), suite.db.connection, {}, { wallNow: () => NOW });
  const sent = { status: 'sent' as const };
  await contactModel(suite.db.connection).insertMany([
    // case-a: a call answered at 09:00 and paid 5 days later; a call unanswered; an SMS delivered 3 days before the payment.
    contact({ caseId: 'case-a', channel: 'phone', template: 'call-1', ...sent, outcome: 'no-contact', contactOutcome: 'conversation', localHour: 9, at: day(11, 10) }),
    contact({ caseId: 'case-a', channel: 'phone', template: 'call-1', ...sent, outcome: 'no-contact', contactOutcome: 'no-answer', localHour: 9, at: day(11, 11) }),
    contact({ caseId: 'case-a', channel: 'sms', template: 'sms-1', ...sent, outcome: 'delivered', deliveryStatus: 'delivered', localHour: 8, at: day(11, 12) }),
    // case-b: a refusal at 19:00 paid a minute past 7 days; a visit not reported yet; an SMS that failed to deliver.
    contact({ caseId: 'case-b', channel: 'phone', template: 'call-1', ...sent, outcome: 'no-contact', contactOutcome: 'conversation', localHour: 19, at: day(11, 20) }),
    contact({ caseId: 'case-b', channel: 'field-visit', template: 'visit-1', ...sent, outcome: 'no-contact', localHour: 14, at: day(11, 21) }),
    contact({ caseId: 'case-b', channel: 'sms', template: 'sms-1', ...sent, outcome: 'delivered', deliveryStatus: 'failed', contactOutcome: 'failed', at: day(11, 20) }),
    // case-c: an SMS paid after the window's end but within 7 days; a letter never paid; a filing and a deferral, no contacts.
    contact({ caseId: 'case-c', channel: 'sms', template: 'sms-1', ...sent, outcome: 'delivered', at: day(11, 28) }),
    contact({ caseId: 'case-c', channel: 'letter', template: 'letter-1', ...sent, outcome: 'delivered', at: day(11, 5) }),
    contact({ caseId: 'case-c', channel: 'court', purpose: 'legal', ...sent, outcome: 'delivered', at: day(11, 6) }),
    contact({ caseId: 'case-c', channel: 'sms', template: 'sms-1', status: 'deferred', rule: 'nifa-quiet-22-08', at: day(11, 7) }),
    // case-d: an agency's own call that reached the debtor (no local hour logged); an answered call before the window.
    contact({ caseId: 'case-d', channel: 'phone', party: 'agency', agency: 'Acme', step: 'agency-contact', ...sent, contactOutcome: 'conversation', at: day(11, 22) }),
    contact({ caseId: 'case-d', channel: 'phone', template: 'call-1', ...sent, contactOutcome: 'conversation', localHour: 10, at: day(10, 31, 23, 59) }),
    // Placements: Acme three, Beta two in the window (one logged before balances were), Beta one before it.
    contact({ caseId: 'case-p1', channel: 'agency', ...sent, outcome: 'delivered', agency: 'Acme', providerRef: 'case-p1:placement:1', balance: 100_000, at: day(11, 2) }),
    contact({ caseId: 'case-p2', channel: 'agency', ...sent, outcome: 'delivered', agency: 'Acme', providerRef: 'case-p2:placement:1', balance: 50_000, at: day(11, 10) }),
    contact({ caseId: 'case-p3', channel: 'agency', ...sent, outcome: 'delivered', agency: 'Acme', providerRef: 'case-p3:placement:1', balance: 60_000, at: day(11, 11) }),
    contact({ caseId: 'case-p4', channel: 'agency', ...sent, outcome: 'delivered', agency: 'Beta', providerRef: 'case-p4:placement:1', balance: 200_000, at: day(11, 15) }),
    contact({ caseId: 'case-p5', channel: 'agency', ...sent, outcome: 'delivered', agency: 'Beta', providerRef: 'case-p5:placement:1', at: day(11, 3) }),
    // The recall of p3 is logged on the agency channel under the placement's reference: not a placement.
    contact({ caseId: 'case-p3', channel: 'agency', step: 'agency-recall', ...sent, outcome: 'delivered', providerRef: 'case-p3:placement:1', at: day(11, 25) }),
    contact({ caseId: 'case-p6', channel: 'agency', ...sent, outcome: 'delivered', agency: 'Beta', providerRef: 'case-p6:placement:1', balance: 70_000, at: day(10, 20) }),
  ]);
  const payment = (caseId: string, at: Date, amount: number) => event(caseId, 'payment', at, { amount });
  const recall = (caseId: string, at: Date, reason: string) => event(caseId, 'action', at, { channel: 'agency', status: 'recalled', placementRef: `${caseId}:placement:1`, reason });
  const reason = (caseId: string, seq: number, at: Date, code: string) => event(caseId, 'reason', at, { code, source: 'agent' }, seq);
  const closed = (caseId: string, at: Date, outcome: string) => event(caseId, 'closed', at, { outcome });
  await auditModel(suite.db.connection).insertMany([
    payment('case-a', day(11, 15), 10_000),
    payment('case-b', day(11, 27, 0, 1), 10_000),
    payment('case-c', day(12, 3), 10_000),
    event('case-a', 'promise-kept', day(11, 3)),
    event('case-b', 'promise-kept', day(11, 13)),
    event('case-c', 'promise-kept', day(11, 30, 23)),
    event('case-d', 'promise-broken', day(11, 14)),
    event('case-d', 'promise-kept', day(12, 2)),
    event('case-a', 'action', day(11, 9), { channel: 'sms', status: 'deferred', rule: 'nifa-quiet-22-08' }),
    event('case-b', 'action', day(11, 19), { channel: 'phone', status: 'deferred', rule: 'nifa-quiet-22-08' }),
    event('case-c', 'action', day(11, 8), { channel: 'sms', status: 'denied', rule: 'case-cease-contact' }),
    event('case-c', 'action', day(10, 30), { channel: 'sms', status: 'deferred', rule: 'nifa-quiet-22-08' }),
    event('case-c', 'action', day(11, 8), { channel: 'sms', status: 'sent' }),
    // Acme: p1 paid 30,000 after 3 days and 20,000 more, recalled, then paid 10,000 (not the agency's);
    // p2 paid 7,000 before its placement (not counted) and 5,000 ten days after; p3 never paid, recalled disputed.
    payment('case-p1', day(11, 5), 30_000),
    payment('case-p1', day(11, 9), 20_000),
    recall('case-p1', day(11, 12), 'strategy-change'),
    payment('case-p1', day(11, 14), 10_000),
    payment('case-p2', day(11, 8), 7_000),
    payment('case-p2', day(11, 20), 5_000),
    recall('case-p3', day(11, 25), 'disputed'),
    // Beta: p4 paid 100,000 a day and a half after placement and recalled paid; p5 never paid; p6 placed before the window.
    payment('case-p4', day(11, 16, 12), 100_000),
    recall('case-p4', day(11, 17), 'paid'),
    payment('case-p6', day(11, 2), 70_000),
    // Reasons: r1 unemployment then illness, cured; r2 unemployment, written off; r3 unemployment, open; r4 illness,
    // paid after the window; r5 forgot before the window and again in it, settled; r6 unemployment after the window.
    reason('case-r1', 5, day(11, 3), 'unemployment'),
    reason('case-r1', 9, day(11, 10), 'illness'),
    closed('case-r1', day(11, 20), 'cured'),
    reason('case-r2', 4, day(11, 4), 'unemployment'),
    closed('case-r2', day(11, 25), 'written-off'),
    reason('case-r3', 3, day(11, 5), 'unemployment'),
    reason('case-r4', 2, day(11, 6), 'illness'),
    closed('case-r4', day(12, 2), 'paid'),
    reason('case-r5', 2, day(10, 25), 'forgot'),
    reason('case-r5', 3, day(11, 7), 'forgot'),
    closed('case-r5', day(11, 8), 'settled'),
    reason('case-r6', 2, day(12, 1), 'unemployment'),
  ]);
});

test('contact effectiveness: right-party rates by channel and hour, promises kept, payments within 7 days, the guard by rule', async () => {
  const { status, body } = await api.as('supervisor').get(`/v1/reports/contacts?${WINDOW}`);
  expect(status).toBe(200);
  expect(body).toEqual({
    from: '2026-11-01',
    to: '2026-11-30',
    rightPartyByChannel: {
      phone: { attempts: 4, rightParty: 3, rate: 0.75, awaitingReport: 0 },
      'field-visit': { attempts: 1, rightParty: 0, rate: 0, awaitingReport: 1 },
      sms: { attempts: 3, rightParty: 0, rate: 0, awaitingReport: 0 },
      letter: { attempts: 1, rightParty: 0, rate: 0, awaitingReport: 0 },
    },
    rightPartyByHour: {
      '09': { attempts: 2, rightParty: 1, rate: 0.5 },
      '19': { attempts: 1, rightParty: 1, rate: 1 },
      '14': { attempts: 1, rightParty: 0, rate: 0 },
      unknown: { attempts: 1, rightParty: 1, rate: 1 },
    },
    promises: { kept: 3, broken: 1, keptRate: 0.75 },
    paymentWithin7Days: [
      { channel: 'letter', template: 'letter-1', reached: 1, paidWithin7Days: 0, rate: 0 },
      { channel: 'phone', template: '', reached: 1, paidWithin7Days: 0, rate: 0 },
      { channel: 'phone', template: 'call-1', reached: 2, paidWithin7Days: 1, rate: 0.5 },
      { channel: 'sms', template: 'sms-1', reached: 2, paidWithin7Days: 2, rate: 1 },
    ],
    guardByRule: { 'nifa-quiet-22-08': { deferred: 2, denied: 0 }, 'case-cease-contact': { deferred: 0, denied: 1 } },
  });
});

test('the agency league: placed, collected while placed, recovery rate, median days to first collection, recalls by reason', async () => {
  const { status, body } = await api.as('strategist').get(`/v1/reports/agencies?${WINDOW}`);
  expect(status).toBe(200);
  expect(body).toEqual({
    from: '2026-11-01',
    to: '2026-11-30',
    agencies: [
      { agency: 'Beta', casesPlaced: 2, balancePlaced: 200_000, balanceUnknown: 1, collected: 100_000, recoveryRate: 0.5, withCollection: 1, medianDaysToFirstCollection: 1.5, recalls: { paid: 1 } },
      {
        agency: 'Acme', casesPlaced: 3, balancePlaced: 210_000, balanceUnknown: 0, collected: 55_000, recoveryRate: 0.2619, withCollection: 2, medianDaysToFirstCollection: 6.5,
        recalls: { 'strategy-change': 1, disputed: 1 },
      },
    ],
  });
});

test('overdue reasons: every record, each case by its latest, and the cure rate by reason with n', async () => {
  const { status, body } = await api.as('supervisor').get(`/v1/reports/reasons?${WINDOW}`);
  expect(status).toBe(200);
  expect(body).toEqual({
    from: '2026-11-01',
    to: '2026-11-30',
    cases: 5,
    reasons: [
      { code: 'unemployment', recorded: 3, latest: 2, closed: 1, cured: 0, cureRate: 0 },
      { code: 'illness', recorded: 2, latest: 2, closed: 2, cured: 2, cureRate: 1 },
      { code: 'forgot', recorded: 1, latest: 1, closed: 1, cured: 1, cureRate: 1 },
    ],
  });
});

test('each report downloads as CSV: text/csv, an attachment, a header row and the same figures', async () => {
  const agencies = await api.as('supervisor').get(`/v1/reports/agencies?${WINDOW}&format=csv`);
  expect(agencies.status).toBe(200);
  expect(agencies.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(agencies.headers['content-disposition']).toBe('attachment; filename=agencies-2026-11-01-2026-11-30.csv');
  expect(agencies.text.split('\r\n')).toEqual([
    'agency,cases_placed,balance_placed,balance_unknown,collected,recovery_rate,with_collection,median_days_to_first_collection,recalls_disputed,recalls_paid,recalls_strategy-change',
    'Beta,2,200000,1,100000,0.5,1,1.5,0,1,0',
    'Acme,3,210000,0,55000,0.2619,2,6.5,1,0,1',
    '',
  ]);
  const reasons = await api.as('strategist').get(`/v1/reports/reasons?${WINDOW}&format=csv`);
  expect(reasons.text).toBe('code,recorded,latest,closed,cured,cure_rate\r\nunemployment,3,2,1,0,0\r\nillness,2,2,2,2,1\r\nforgot,1,1,1,1,1\r\n');
  const contacts = await api.as('supervisor').get(`/v1/reports/contacts?${WINDOW}&format=csv`);
  expect(contacts.headers['content-disposition']).toBe('attachment; filename=contacts-2026-11-01-2026-11-30.csv');
  const lines = contacts.text.split('\r\n');
  expect(lines[0]).toBe('section,key,template,count,of_which,rate');
  expect(lines).toContain('right-party-by-channel,phone,,4,3,0.75');
  expect(lines).toContain('payment-within-7-days,phone,call-1,2,1,0.5');
  expect(lines).toContain('promises,kept-of-kept-and-broken,,4,3,0.75');
  expect(lines).toContain('guard-denied,case-cease-contact,,1,,');
});

test('the window defaults to the 30 business days to today', async () => {
  const { body } = await api.as('supervisor').get('/v1/reports/reasons');
  expect([body.from, body.to]).toEqual(['2026-11-06', '2026-12-05']);
  // From 6 Nov: r1's illness (10 Nov) and r4's, r5's forgot (7 Nov) and r6's unemployment (1 Dec); the unemployment of r1–r3 is before it.
  expect(body.reasons.map((row: { code: string; latest: number; recorded: number }) => [row.code, row.latest, row.recorded])).toEqual([
    ['illness', 2, 2],
    ['forgot', 1, 1],
    ['unemployment', 1, 1],
  ]);
  expect(new Date(NOW - 29 * DAY_MS).toISOString().slice(0, 10)).toBe('2026-11-06');
});

test('a bad window is refused naming the field: not a day, to before from, longer than a year, an unknown parameter', async () => {
  const refused = async (query: string) => {
    const { status, body } = await api.as('supervisor').get(`/v1/reports/contacts?${query}`);
    return [status, body.error.code, body.error.details.map((detail: { path: string }) => detail.path)];
  };
  expect(await refused('from=2026-13-01')).toEqual([422, 'VALIDATION_FAILED', ['query.from']]);
  expect(await refused('from=2026-11-30&to=2026-11-01')).toEqual([422, 'VALIDATION_FAILED', ['query.to']]);
  expect(await refused('from=2025-01-01&to=2026-11-30')).toEqual([422, 'VALIDATION_FAILED', ['query.from']]);
  expect(await refused('format=xlsx')).toEqual([422, 'VALIDATION_FAILED', ['query.format']]);
  expect(await refused('since=2026-11-01')).toEqual([422, 'VALIDATION_FAILED', ['query.since']]);
});

test('only supervisors and strategists read the reports', async () => {
  for (const path of ['/v1/reports/contacts', '/v1/reports/agencies', '/v1/reports/reasons']) {
    for (const role of rolesOtherThan('supervisor', 'strategist')) {
      const { status } = await api.as(role).get(path);
      expect([path, role, status]).toEqual([path, role, 403]);
    }
  }
});
