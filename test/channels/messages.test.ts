// SMS and letters from a case, through the sandbox providers over real HTTP: what
// the debtor receives, the contact log entry under the action's idempotency key,
// the delivery status polled later, and the fallback to a letter when the
// provider refuses the number.
import type { CaseProgress } from '../../src/activities/case-records';
import type { DeliveryCheck } from '../../src/activities/channels';
import type { ActionRequest } from '../../src/domain';
import { caseIdFor } from '../../src/domain';
import { closeTestCase, contactsOf, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { TEST_CONTACT, TEST_LENDER } from '../support/channels';
import { overdueLoan, usLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

const suite = caseSuite();

const reminderBySms = oneLadder('sms-reminder', [
  { id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'payment-reminder', fallback: ['letter'] }] },
]);
const demandLetter = oneLadder('demand-letter', [{ id: 'dpd1-demand', atDpd: 1, actions: [{ channel: 'letter', template: 'demand-letter-1' }] }]);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar date 'YYYY-MM-DD' as a debtor reads it: the day it names, whatever their zone. */
function written(isoDate: string, style: 'en-medium' | 'en-long' | 'zh-CN'): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (style === 'zh-CN') return `${year}年${month}月${day}日`;
  const name = MONTHS[month - 1];
  return `${style === 'en-medium' ? name.slice(0, 3) : name} ${day}, ${year}`;
}

/** Resolves when the case has published the step's outcome. */
function stepDone(loanId: string, step: string) {
  return suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && input.view.stepOutcomes[step] !== undefined);
}

test('an SMS reminder goes to the debtor once, from the template in their locale, and its delivery comes back', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'sms-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, reminderBySms);
  const { input: progress } = await stepDone(loan.loanId, 'dpd1-reminder');
  await suite.env.sleep('2 hours');
  await suite.observed.finish<DeliveryCheck>('checkDelivery', ({ input }) => input.idempotencyKey === key);
  await closeTestCase(handle);

  const [sent] = suite.channels.sent('sms');
  expect(suite.channels.sent('sms')).toHaveLength(1);
  expect(sent.idempotencyKey).toBe(key);
  expect(sent.request).toMatchObject({ to: TEST_CONTACT.phone, templateId: 'reminder', locale: 'zh-CN' });
  expect(sent.text).toContain(`【${TEST_LENDER.name}】${TEST_CONTACT.name}您好`);
  // The installment of ¥1,000.00 is one day late; the balance of ¥3,000.00 is not what is late.
  expect(sent.text).toContain(`您于${written(loan.installments[0].dueDate, 'zh-CN')}到期的还款已逾期，逾期金额¥1,000.00，待还总额¥3,000.00`);

  expect(progress.view.stepOutcomes['dpd1-reminder']).toBe('delivered');
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({
    idempotencyKey: key,
    channel: 'sms',
    status: 'sent',
    providerRef: sent.id,
    profile: 'CN_NIFA',
    rule: 'all-rules-passed',
    deliveryStatus: 'delivered',
  });
  // No PII in what the case carried to the activity.
  const request = suite.observed.finished.find((entry) => entry.name === 'performAction' && (entry.input as ActionRequest).loanId === loan.loanId)!;
  expect(JSON.stringify(request.input)).not.toContain(TEST_CONTACT.phone!);
});

test('a demand letter is rendered for the debtor, mailed once, and tracked', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'letter-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, demandLetter);
  await stepDone(loan.loanId, 'dpd1-demand');
  await suite.env.sleep('4 days');
  await suite.observed.finish<DeliveryCheck>('checkDelivery', ({ input }) => input.idempotencyKey === key);
  await closeTestCase(handle);

  const letters = suite.channels.sent('letter').filter((letter) => letter.idempotencyKey === key);
  expect(letters).toHaveLength(1);
  const request = letters[0].request as { recipient: unknown; letterType: string; rendered: { subject: string; body: string } };
  expect(request.recipient).toEqual({ name: TEST_CONTACT.name, addressLines: ['12 Elm Street', 'Springfield, IL 62701'], country: 'US' });
  expect(request.letterType).toBe('demand');
  expect(request.rendered.subject).toBe(`Demand for payment: account ending ${loan.loanId.slice(-4)}`);
  expect(request.rendered.body).toContain(`Dear ${TEST_CONTACT.name},`);
  expect(request.rendered.body).toContain(
    `due on ${written(loan.installments[0].dueDate, 'en-long')}, is 1 day past due. The amount past due is $1,000.00; the total balance of the account is $3,000.00.`,
  );

  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ channel: 'letter', status: 'sent', providerRef: letters[0].id, profile: 'US_REG_F', deliveryStatus: 'printed' });
});

test('an SMS reminder to a debtor in New York reads the due date as the calendar day it is, not the day before', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'sms-ny-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, reminderBySms);
  await stepDone(loan.loanId, 'dpd1-reminder');
  await closeTestCase(handle);

  const [sent] = suite.channels.sent('sms').filter((record) => record.idempotencyKey === key);
  expect(sent.request).toMatchObject({ to: TEST_CONTACT.phone, templateId: 'reminder', locale: 'en' });
  expect(sent.text).toBe(
    `${TEST_LENDER.name}: Hi ${TEST_CONTACT.name}, your payment due on ${written(loan.installments[0].dueDate, 'en-medium')} is past due. ` +
      'Amount past due: $1,000.00. Total balance: $3,000.00. Please pay soon. Reply STOP to opt out.',
  );
});

test('an SMS the provider refuses for an invalid number falls back to a letter', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'fallback-1', nowMs: now, daysPastDue: 1 });
  await suite.channels.control('POST', '/faults', { channel: 'sms', mode: '4xx-invalid-number' });
  const smsBefore = suite.channels.sent('sms').length;

  const handle = await openCaseOn(suite, loan, reminderBySms);
  const { input: progress } = await stepDone(loan.loanId, 'dpd1-reminder');
  await closeTestCase(handle);

  expect(suite.channels.sent('sms')).toHaveLength(smsBefore);
  expect(suite.channels.sent('letter').filter((letter) => letter.idempotencyKey === `${caseIdFor(loan.loanId)}:2`)).toHaveLength(1);
  const [sms, letter] = await contactsOf(suite, loan.loanId);
  expect(sms).toMatchObject({ seq: 1, channel: 'sms', status: 'failed', failureCode: 'PROVIDER_REJECTED' });
  expect(sms.reason).toContain('INVALID_NUMBER');
  expect(letter).toMatchObject({ seq: 2, channel: 'letter', status: 'sent', template: 'payment-reminder' });
  expect(progress.view.stepOutcomes['dpd1-reminder']).toBe('delivered');
  expect(progress.events.map((event) => event.reason)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^sms for step dpd1-reminder failed: .*INVALID_NUMBER/), expect.stringMatching(/^letter for step dpd1-reminder: reminder letter accepted/)]),
  );
});
