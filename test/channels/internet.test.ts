// E-mail, app push and messaging from a case, through the sandbox providers (its
// SMTP server for e-mail): what the debtor receives in each language, the payment
// and opt-out links each message carries, what a third party could see (a subject,
// a locked screen) naming no debt, and a bounce falling back to the next channel.
import type { CaseProgress } from '../../src/activities/case-records';
import { loadConfig } from '../../src/config';
import { caseIdFor } from '../../src/domain';
import { messageIdFor } from '../../src/integrations/email/client';
import type { ImMessage } from '../../src/integrations/im/types';
import type { PushMessage } from '../../src/integrations/push/types';
import type { ReceivedEmail } from '../../src/integrations/sandbox/state';
import { closeTestCase, contactsOf, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { TEST_CONTACT, TEST_LENDER, TEST_ONLINE_CONTACT, TEST_PUBLIC_BASE_URL, testDebtorLinks } from '../support/channels';
import { isoDate, overdueLoan, usLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

const suite = caseSuite();
const links = testDebtorLinks();
const EMAIL_FROM = loadConfig({}).EMAIL_FROM;

const byEmail = oneLadder('email-reminder', [
  { id: 'dpd1-email', atDpd: 1, actions: [{ channel: 'email', template: 'payment-reminder', fallback: ['sms'] }] },
]);
const byPush = oneLadder('push-reminder', [{ id: 'dpd1-push', atDpd: 1, actions: [{ channel: 'app-push', template: 'payment-reminder' }] }]);
const byIm = oneLadder('im-reminder', [{ id: 'dpd1-im', atDpd: 1, actions: [{ channel: 'im', template: 'payment-reminder' }] }]);

/** Resolves when the case has published the step's outcome. */
function stepDone(loanId: string, step: string) {
  return suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && input.view.stepOutcomes[step] !== undefined);
}

/** The e-mail the SMTP sandbox received for the action with this idempotency key. */
function emailFor(key: string): ReceivedEmail[] {
  const messageId = messageIdFor(key, EMAIL_FROM);
  return suite.channels.sent('email').filter((record) => record.id === messageId).map((record) => record.request as ReceivedEmail);
}

/** The link of a purpose in a text, checked to be ours: signed for this case, this channel and this message. */
function linkIn(text: string, purpose: 'pay' | 'opt-out', loanId: string, channel: string, key: string): string {
  const url = new RegExp(`${TEST_PUBLIC_BASE_URL.replace(/\./g, '\\.')}/${purpose}/[A-Za-z0-9_.-]+`).exec(text)?.[0];
  expect(url).toBeDefined();
  expect(links.verify(url!.split('/').pop()!)).toMatchObject({ purpose, caseId: caseIdFor(loanId), loanId, channel, messageKey: key });
  return url!;
}

test('an e-mail in Chinese reaches the debtor once: a neutral subject, the amounts in its bodies, the payment link and a one-click unsubscribe', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'email-zh-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, byEmail, TEST_ONLINE_CONTACT);
  const { input: progress } = await stepDone(loan.loanId, 'dpd1-email');
  await closeTestCase(handle);

  const [email, ...more] = emailFor(key);
  expect(more).toHaveLength(0);
  expect(email.to).toEqual([TEST_ONLINE_CONTACT.email]);
  expect(email.from).toBe(`"${TEST_LENDER.name}" <${EMAIL_FROM}>`);
  expect(email.subject).toBe(`${TEST_LENDER.name}：关于您账户的消息`);
  const [year, month, day] = loan.installments[0].dueDate.split('-').map(Number);
  expect(email.text).toContain(`${TEST_CONTACT.name}您好：\n\n您在${TEST_LENDER.name}于${year}年${month}月${day}日到期的还款已逾期1天。\n\n逾期金额：¥1,000.00\n待还总额：¥3,000.00`);
  const pay = linkIn(email.text, 'pay', loan.loanId, 'email', key);
  const optOut = linkIn(email.text, 'opt-out', loan.loanId, 'email', key);
  expect(email.text).toContain(`如不希望再收到我们的邮件，请点击退订：${optOut}`);
  expect(email.headers['list-unsubscribe']).toBe(`<${optOut}>`);
  expect(email.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  expect(email.html).toContain('<html lang="zh-CN">');
  expect(email.html).toContain('逾期金额：¥1,000.00<br>待还总额：¥3,000.00');
  expect(email.html).toContain(`<a href="${pay}">还款或承诺还款</a>`);
  expect(email.html).toContain(`<a href="${optOut}">退订</a>`);

  expect(progress.view.stepOutcomes['dpd1-email']).toBe('delivered');
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ idempotencyKey: key, channel: 'email', status: 'sent', providerRef: email.messageId, profile: 'CN_NIFA' });
});

test('an e-mail in English states the amount past due and the balance apart, with the links', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'email-en-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, byEmail, TEST_ONLINE_CONTACT);
  await stepDone(loan.loanId, 'dpd1-email');
  await closeTestCase(handle);

  const [email] = emailFor(key);
  expect(email.subject).toBe(`A message from ${TEST_LENDER.name} about your account`);
  const dueOn = new Date(`${loan.installments[0].dueDate}T00:00:00Z`).toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' });
  const payBy = new Date(`${isoDate(now + 14 * 86_400_000)}T00:00:00Z`).toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' });
  const pay = linkIn(email.text, 'pay', loan.loanId, 'email', key);
  const optOut = linkIn(email.text, 'opt-out', loan.loanId, 'email', key);
  expect(email.text).toBe(
    [
      `Dear ${TEST_CONTACT.name},`,
      `Your payment to ${TEST_LENDER.name}, due on ${dueOn}, is 1 day past due.`,
      'Amount past due: $1,000.00\nTotal balance: $3,000.00',
      `Please pay the amount past due by ${payBy}. You can pay, or promise to pay by a date, on your payment page: ${pay}`,
      `If you have already paid, please disregard this message. Questions? Call us on ${TEST_LENDER.phone}.`,
      `To stop receiving e-mails from us, opt out here: ${optOut}`,
    ].join('\n\n') + '\n',
  );
  expect(email.headers['list-unsubscribe']).toBe(`<${optOut}>`);
  expect(email.html).toContain('<html lang="en">');
});

test('an app push names no debt on the locked screen; tapping it opens the payment page, and it carries the opt-out', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'push-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, byPush, TEST_ONLINE_CONTACT);
  await stepDone(loan.loanId, 'dpd1-push');
  await closeTestCase(handle);

  const pushes = suite.channels.sent('app-push').filter((record) => record.idempotencyKey === key);
  expect(pushes).toHaveLength(1);
  const push = pushes[0].request as PushMessage;
  expect(push.to).toBe(TEST_ONLINE_CONTACT.appUserId);
  expect(push.title).toBe(TEST_LENDER.name);
  linkIn(push.url, 'pay', loan.loanId, 'app-push', key);
  const optOut = linkIn(push.optOutUrl, 'opt-out', loan.loanId, 'app-push', key);
  expect(push.body).toBe(`您有一条关于账户的新消息，请点击查看。退订App消息：${optOut}`);
  // What a locked screen shows: no amount, no word of arrears.
  expect(`${push.title} ${push.body}`).not.toMatch(/¥|1,000|3,000|逾期/);
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ channel: 'app-push', status: 'sent', providerRef: pushes[0].id });
});

test('a messaging template message in English carries the amounts in its fields, the payment page and the opt-out', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'im-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  const handle = await openCaseOn(suite, loan, byIm, TEST_ONLINE_CONTACT);
  await stepDone(loan.loanId, 'dpd1-im');
  await closeTestCase(handle);

  const sent = suite.channels.sent('im').filter((record) => record.idempotencyKey === key);
  expect(sent).toHaveLength(1);
  const message = sent[0].request as ImMessage;
  expect(message).toMatchObject({ touser: TEST_ONLINE_CONTACT.imId, template_id: 'account-notice', lang: 'en_US' });
  linkIn(message.url, 'pay', loan.loanId, 'im', key);
  const optOut = linkIn(message.data.remark.value, 'opt-out', loan.loanId, 'im', key);
  expect(sent[0].text).toContain('Account notice\n');
  expect(sent[0].text).toContain(`${TEST_CONTACT.name}, your payment to ${TEST_LENDER.name} is 1 day past due.`);
  expect(sent[0].text).toContain('Amount past due: $1,000.00\nTotal balance: $3,000.00');
  expect(sent[0].text).toContain(`To stop these messages: ${optOut}`);
});

test('an e-mail that bounces fails for good and the step falls back to SMS', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'bounce-1', nowMs: now, daysPastDue: 1 });
  await suite.channels.control('POST', '/email/bounces', { address: TEST_ONLINE_CONTACT.email });

  const handle = await openCaseOn(suite, loan, byEmail, TEST_ONLINE_CONTACT);
  const { input: progress } = await stepDone(loan.loanId, 'dpd1-email');
  await closeTestCase(handle);

  expect(emailFor(`${caseIdFor(loan.loanId)}:1`)).toHaveLength(0);
  expect(suite.channels.sent('sms').filter((record) => record.idempotencyKey === `${caseIdFor(loan.loanId)}:2`)).toHaveLength(1);
  const [email, sms] = await contactsOf(suite, loan.loanId);
  expect(email).toMatchObject({ seq: 1, channel: 'email', status: 'failed', failureCode: 'PROVIDER_REJECTED' });
  expect(email.reason).toContain('MAILBOX_UNAVAILABLE');
  expect(sms).toMatchObject({ seq: 2, channel: 'sms', status: 'sent', template: 'payment-reminder' });
  expect(progress.view.stepOutcomes['dpd1-email']).toBe('delivered');
  expect(progress.events.map((event) => event.reason)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^email for step dpd1-email failed: .*MAILBOX_UNAVAILABLE/), expect.stringMatching(/^sms for step dpd1-email: sms reminder accepted/)]),
  );
});

test('a temporary refusal is retried and the e-mail goes out once, with no fallback', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'greylist-1', nowMs: now, daysPastDue: 1 });
  await suite.channels.control('POST', '/email/bounces', { address: TEST_ONLINE_CONTACT.email, reply: 451 });

  const handle = await openCaseOn(suite, loan, byEmail, TEST_ONLINE_CONTACT);
  await stepDone(loan.loanId, 'dpd1-email');
  await closeTestCase(handle);

  expect(emailFor(`${caseIdFor(loan.loanId)}:1`)).toHaveLength(1);
  const contacts = await contactsOf(suite, loan.loanId);
  expect(contacts).toEqual([expect.objectContaining({ seq: 1, channel: 'email', status: 'sent' })]);
});

test('a debtor without an e-mail address gets the fallback', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'no-email-1', nowMs: now, daysPastDue: 1 });

  const handle = await openCaseOn(suite, loan, byEmail, TEST_CONTACT);
  await stepDone(loan.loanId, 'dpd1-email');
  await closeTestCase(handle);

  const [email, sms] = await contactsOf(suite, loan.loanId);
  expect(email).toMatchObject({ channel: 'email', status: 'failed', failureCode: 'CONTACT_DATA_MISSING' });
  expect(sms).toMatchObject({ channel: 'sms', status: 'sent' });
});

test('a push the gateway took but answered 500 for is retried with the same message, and the debtor gets it once', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'push-retry-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;
  await suite.channels.control('POST', '/faults', { channel: 'app-push', mode: 'accept-then-5xx' });

  const handle = await openCaseOn(suite, loan, byPush, TEST_ONLINE_CONTACT);
  await stepDone(loan.loanId, 'dpd1-push');
  await closeTestCase(handle);

  // The retry's links, and so its body, are the first try's: the gateway answers with what it did then.
  expect(suite.channels.sent('app-push').filter((record) => record.idempotencyKey === key)).toHaveLength(1);
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ channel: 'app-push', status: 'sent' });
});
