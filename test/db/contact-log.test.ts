// The contact log on the real MongoDB-compatible server: what the compliance
// guard reads back per loan and per debtor (across the debtor's loans), through
// the log's per-loan and per-debtor listings.
import { contactLog, type ContactAttemptEntry } from '../../src/db/contacts';
import { DAY_MS } from '../../src/domain';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const NOW = Date.parse('2026-03-10T02:00:00Z');
const allowed = { rule: 'quiet-hours', profile: 'CN_NIFA', reason: 'allowed' };

function attempt(loanId: string, seq: number, channel: string, daysAgo: number, purpose = 'collection'): ContactAttemptEntry {
  return {
    idempotencyKey: `case-${loanId}:${seq}`,
    caseId: `case-${loanId}`,
    loanId,
    debtorRef: 'debtor-shared',
    seq,
    step: `step-${seq}`,
    channel,
    purpose,
    at: new Date(NOW - daysAgo * DAY_MS),
  };
}

test("a debtor's attempts across loans, in the window, that went out; a loan's own; the first of a kind", async () => {
  const log = contactLog(db.connection);
  const sentCall = attempt('loan-a', 1, 'phone', 2);
  const sentSms = attempt('loan-b', 1, 'sms', 1);
  const failedSms = attempt('loan-b', 2, 'sms', 1);
  const oldCall = attempt('loan-a', 2, 'phone', 20);
  const oldCallTalkedLately = attempt('loan-a', 3, 'phone', 25);
  const deniedCall = attempt('loan-a', 4, 'phone', 1);
  const notice = attempt('loan-a', 5, 'letter', 40, 'validation-notice');

  for (const entry of [sentCall, sentSms, failedSms, oldCall, oldCallTalkedLately, notice]) await log.markPending(entry, allowed);
  // A retried activity lists its attempt again: it still counts once.
  await log.markPending(sentCall, allowed);
  await log.markSent(sentCall.idempotencyKey, { outcome: 'delivered', providerRef: 'task-1', reason: 'queued' });
  await log.markFailed(failedSms.idempotencyKey, { failureCode: 'PROVIDER_REJECTED', reason: 'invalid number' });
  await log.recordOutcome(oldCallTalkedLately.idempotencyKey, 'conversation', new Date(NOW - 3 * DAY_MS));
  await log.recordVerdict(deniedCall, { status: 'denied', rule: 'dispute-hold', profile: 'CN_NIFA', reason: 'disputed' });

  const keys = (records: { idempotencyKey: string }[]) => records.map((record) => record.idempotencyKey);
  const since = new Date(NOW - 7 * DAY_MS);
  expect(keys(await log.wentOutSince({ debtorRef: 'debtor-shared' }, since))).toEqual([
    oldCallTalkedLately.idempotencyKey,
    sentCall.idempotencyKey,
    sentSms.idempotencyKey,
  ]);
  expect(keys(await log.wentOutSince({ loanId: 'loan-a' }, since))).toEqual([oldCallTalkedLately.idempotencyKey, sentCall.idempotencyKey]);
  expect(await log.wentOutSince({ loanId: 'loan-c' }, since)).toEqual([]);

  expect(await log.firstWentOut('loan-a', ['phone', 'letter'])).toEqual(notice.at);
  expect(await log.firstWentOut('loan-a', ['phone'])).toEqual(oldCallTalkedLately.at);
  expect(await log.firstWentOut('loan-a', ['letter', 'sms'], 'validation-notice')).toEqual(notice.at);
  expect(await log.firstWentOut('loan-b', ['sms'], 'validation-notice')).toBeUndefined();
  expect(await log.firstWentOut('loan-b', ['sms'])).toEqual(sentSms.at);
});

test("a placement is found by its reference, and names its agency; an agency's own contact attempts are logged once per reference and listed for the debtor", async () => {
  const log = contactLog(db.connection);
  const placement = { ...attempt('loan-p', 3, 'agency', 1), purpose: undefined };
  await log.markPending(placement, allowed);
  expect(await log.placement('case-loan-p:placement:3')).toBeNull();
  await log.markSent(placement.idempotencyKey, { outcome: 'delivered', providerRef: 'case-loan-p:placement:3', reason: 'placed', agency: 'Acme Collections' });
  expect(await log.placement('case-loan-p:placement:3')).toMatchObject({ loanId: 'loan-p', debtorRef: 'debtor-shared', agency: 'Acme Collections' });
  for (const unknown of ['case-loan-p:placement:4', 'case-loan-p:3', 'nonsense']) expect(await log.placement(unknown)).toBeNull();

  const call = {
    placementRef: 'case-loan-p:placement:3',
    reference: 'ACME-CALL-1',
    caseId: 'case-loan-p',
    loanId: 'loan-p',
    debtorRef: 'debtor-shared',
    seq: 3,
    channel: 'phone',
    agency: 'Acme Collections',
    contactOutcome: 'connected',
    at: new Date(NOW - DAY_MS / 2),
  };
  const first = await log.recordAgencyContact(call);
  expect(first).toMatchObject({ created: true, record: { idempotencyKey: 'case-loan-p:placement:3:contact:ACME-CALL-1', party: 'agency', status: 'sent', contactOutcome: 'connected' } });
  const again = await log.recordAgencyContact({ ...call, contactOutcome: 'no-answer' });
  expect(again).toMatchObject({ created: false, record: { contactOutcome: 'connected' } });

  const listed = await log.wentOutSince({ debtorRef: 'debtor-shared' }, new Date(NOW - DAY_MS));
  expect(listed.filter((record) => record.party === 'agency').map((record) => record.idempotencyKey)).toEqual([first.record.idempotencyKey]);
});

test("a debtor's attempts from many loans at once are all listed: the guard counts every one", async () => {
  const log = contactLog(db.connection);
  const entries = Array.from({ length: 30 }, (_, i) => ({ ...attempt(`rush-loan-${i}`, 1, 'sms', 0), debtorRef: 'debtor-rush' }));
  await Promise.all(entries.map((entry) => log.markPending(entry, allowed)));
  await Promise.all(entries.map((entry) => log.markSent(entry.idempotencyKey, { outcome: 'delivered', providerRef: `sms-${entry.loanId}`, reason: 'accepted' })));
  const listed = await log.wentOutSince({ debtorRef: 'debtor-rush' }, new Date(NOW - DAY_MS));
  expect(listed.map((record) => record.idempotencyKey).sort()).toEqual(entries.map((entry) => entry.idempotencyKey).sort());
});
