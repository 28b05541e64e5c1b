// Court filings: a filing package goes to the e-filing provider and the court's
// answer comes back to the case; a time-barred debt is never filed, whether the
// debtor's rule profile says so (Reg F) or only the channel's own check does (NIFA).
import type { CaseProgress } from '../../src/activities/case-records';
import type { DeliveryCheck } from '../../src/activities/channels';
import { COURT_ELIGIBILITY_RULE } from '../../src/activities/channels';
import { DAY_MS, type ActionRequest, type ActionResult } from '../../src/domain';
import { caseIdFor } from '../../src/domain';
import { closeTestCase, contactsOf, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { TEST_CONTACT, TEST_LENDER } from '../support/channels';
import { isoDate, overdueLoan, usLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

const suite = caseSuite();

const fileSuit = oneLadder('court-filing', [{ id: 'dpd1-court', atDpd: 1, actions: [{ channel: 'court', template: 'court-filing' }] }]);

function filed(loanId: string) {
  return suite.observed.finish<ActionRequest>('performAction', ({ input }) => input.loanId === loanId);
}

test('a filing package goes to the court once, and the court accepting it comes back to the case', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'court-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, fileSuit);
  const result = await filed(loan.loanId);
  await suite.env.sleep('8 days');
  const status = await suite.observed.finish<DeliveryCheck>('checkDelivery', ({ input }) => input.idempotencyKey === key);
  await closeTestCase(handle);

  const filings = suite.channels.sent('court').filter((record) => record.idempotencyKey === key);
  expect(filings).toHaveLength(1);
  expect(filings[0].request).toEqual({
    caseRef: caseIdFor(loan.loanId),
    package: {
      claimant: { name: TEST_LENDER.name, address: TEST_LENDER.address },
      defendant: { name: TEST_CONTACT.name, address: { lines: ['12 Elm Street', 'Springfield, IL 62701'], country: 'US' } },
      amountClaimed: loan.outstanding,
      currency: 'USD',
      documents: [
        { type: 'statement-of-claim', title: `Claim for ${loan.outstanding} USD on loan ${loan.loanId}` },
        { type: 'loan-agreement', title: `Loan agreement ${loan.loanId}` },
        { type: 'statement-of-account', title: 'Statement of account, 1 day past due' },
      ],
    },
  });
  expect(result.output).toMatchObject({ status: 'sent', providerRef: filings[0].id });
  expect(status.output).toEqual({ status: 'accepted' });
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ channel: 'court', purpose: 'legal', status: 'sent', providerRef: filings[0].id, deliveryStatus: 'accepted' });
});

test.each([
  ['US', 'Reg F denies it', 'regf-1026b-time-barred-suit'],
  ['CN', 'the court channel refuses it', COURT_ELIGIBILITY_RULE],
])('a time-barred debt is never filed (%s: %s)', async (country, _why, rule) => {
  const timeZone = country === 'US' ? 'America/New_York' : 'Asia/Shanghai';
  const now = await sleepUntilLocalTime(suite.env, timeZone, 10);
  const options = { loanId: `time-barred-${country}`, nowMs: now, daysPastDue: 1, limitationDate: isoDate(now - 30 * DAY_MS) };
  const loan = country === 'US' ? usLoan(options) : overdueLoan(options);

  const handle = await openCaseOn(suite, loan, fileSuit);
  const result = await filed(loan.loanId);
  const done = await suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loan.loanId && 'dpd1-court' in input.view.stepOutcomes);
  await closeTestCase(handle);

  expect(result.input.timeBarred).toBe(true);
  expect(result.output).toMatchObject({ status: 'denied', rule });
  expect((result.output as Extract<ActionResult, { status: 'denied' }>).reason).toMatch(/time-barred/);
  expect(suite.channels.sent('court').filter((record) => record.idempotencyKey.startsWith(caseIdFor(loan.loanId)))).toEqual([]);
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ channel: 'court', status: 'denied', rule });
  expect(done.input.view.stepOutcomes['dpd1-court']).toBe('failed');
});
