// The guard reads the debtor's opt-outs and the work-address mark only for an attempt
// on a channel a rule of the profile guards with them: a call or a letter pays no read.
import { createComplianceGuard, regimeForCountry, type DebtorFacts, type GuardedAttempt } from '../../src/activities/compliance';
import { contactLog } from '../../src/db/contacts';
import type { Channel } from '../../src/domain';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

/** 10:00 in New York, 23:00 in Shanghai: an opt-out denies at any hour, before quiet hours defer. */
const AT_MS = Date.parse('2027-02-02T15:00:00Z');

function attempt(channel: Channel, country: string): GuardedAttempt {
  return {
    caseId: 'case-F1',
    loanId: 'F1',
    idempotencyKey: `case-F1:${channel}`,
    channel,
    template: 'payment-reminder',
    debtor: { debtorRef: 'debtor-F1', timeZone: country === 'CN' ? 'Asia/Shanghai' : 'America/New_York', country, locale: 'en' },
    atMs: AT_MS,
    timeBarred: false,
    disputed: false,
    ceaseContact: false,
  };
}

function countingFacts() {
  const reads: string[] = [];
  const facts: DebtorFacts = {
    optOutsOf: async () => {
      reads.push('opt-outs');
      return [{ scope: 'all-electronic', atMs: AT_MS - 1, method: 'supervisor' }];
    },
    emailIsWork: async () => {
      reads.push('work-email');
      return true;
    },
  };
  return { reads, facts };
}

test.each([
  ['US', 'phone', []],
  ['US', 'letter', []],
  ['US', 'field-visit', []],
  ['US', 'sms', ['opt-outs']],
  ['US', 'app-push', ['opt-outs']],
  ['US', 'email', ['opt-outs', 'work-email']],
  ['CN', 'phone', []],
  ['CN', 'im', ['opt-outs']],
  ['CN', 'email', ['opt-outs']],
] as const)('under %s, an attempt by %s reads %j', async (country, channel, expected) => {
  const { reads, facts } = countingFacts();
  const { verdict } = await createComplianceGuard(contactLog(db.connection), regimeForCountry, facts).check(attempt(channel, country));
  expect(reads.sort()).toEqual([...expected]);
  // What was read decided: every electronic channel is opted out of here.
  if (expected.length) expect(verdict).toMatchObject({ verdict: 'deny' });
});
