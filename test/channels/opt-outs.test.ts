// The guard honours a debtor's opt-out from the next attempt on, on real cases: the
// debtor answers a message's opt-out link on the API, and the case's next message on
// that channel goes through the real performAction, which denies it by the named rule
// and logs the denial; the case falls back to what the debtor did not stop. Reg F's
// work e-mail address is refused the same way, where NIFA has no such rule.
import request from 'supertest';
import type { ActionRequest, ActionResult, Loan, Step } from '../../src/domain';
import { caseIdFor } from '../../src/domain';
import type { DebtorContact } from '../../src/db/loans';
import { createDebtorLinks } from '../../src/security/debtor-links';
import { testApiConfig } from '../support/api';
import { bookLoans, TEST_CONTACT } from '../support/channels';
import { closeTestCase, contactsOf, oneLadder, openTestCase } from '../support/cases';
import { overdueLoan, usLoan } from '../support/loans';
import { apiSuite } from '../support/suites';
import type { Finished } from '../support/activities';

const suite = apiSuite();
const links = createDebtorLinks(testApiConfig());
const CONTACT: DebtorContact = { ...TEST_CONTACT, email: 'alex.morgan@example.com', appUserId: 'app-7', imId: 'open-id-7' };

/** Reg F: the validation notice goes with the first contact, so later collection contact is not held for it. */
const validationNotice = { channel: 'letter', template: 'validation-notice' } as const;

/** Action `seq` of the loan's case once it has finished with `status`, or its first finish whatever came of it. */
function action(loanId: string, seq: number, status?: ActionResult['status']) {
  return suite.observed.finish<ActionRequest>(
    'performAction',
    ({ input, output }) => input.loanId === loanId && input.seq === seq && (!status || (output as ActionResult | undefined)?.status === status),
  ) as Promise<Finished & { input: ActionRequest; output?: ActionResult }>;
}

async function openWith(loan: Loan, ladder: Step[], contact: DebtorContact = CONTACT) {
  await bookLoans(suite.db.connection, [loan], contact);
  return openTestCase(suite.env, loan, { strategy: oneLadder(`opt-out-${loan.loanId}`, ladder) });
}

/** The debtor presses a button on the page a message's opt-out link opens. */
async function optOutThroughLink(loan: Loan, channel: string, scope: 'channel' | 'all-electronic') {
  const token = links.sign({ purpose: 'opt-out', caseId: caseIdFor(loan.loanId), loanId: loan.loanId, channel, messageKey: `${caseIdFor(loan.loanId)}:1` });
  await request(suite.api.app).post(`/opt-out/${token}`).type('form').send(`scope=${scope}`).expect(200);
}

test('Reg F: after the debtor stops e-mail through the link, the next e-mail is denied by regf-1006-6e-opt-out and logged; the text message fallback goes out', async () => {
  const now = await suite.sleepUntilLocalTime('America/New_York', 10);
  const loan = usLoan({ loanId: 'opted-out-email-1', nowMs: now, daysPastDue: 1 });
  const handle = await openWith(loan, [
    { id: 'dpd1-notice', atDpd: 1, actions: [validationNotice] },
    { id: 'dpd2-reminder', atDpd: 2, actions: [{ channel: 'email', template: 'payment-reminder', fallback: ['sms'] }] },
  ]);
  await action(loan.loanId, 1, 'sent');
  await optOutThroughLink(loan, 'email', 'channel');

  await suite.sleep('1 day');
  const denied = await action(loan.loanId, 2);
  expect(denied.output).toMatchObject({ status: 'denied', rule: 'regf-1006-6e-opt-out' });
  await suite.sleep('12 hours');
  await action(loan.loanId, 3, 'sent');
  await closeTestCase(handle);

  const [, email, sms] = await contactsOf(suite, loan.loanId);
  expect(email).toMatchObject({ seq: 2, channel: 'email', status: 'denied', rule: 'regf-1006-6e-opt-out', profile: 'US_REG_F' });
  expect(email.reason).toMatch(/^the debtor opted out of email messages on \d{4}-\d\d-\d\dT[\d:.]+Z \(link-page\); no email$/);
  expect(sms).toMatchObject({ seq: 3, channel: 'sms', status: 'sent' });
});

test('NIFA: after the debtor stops every electronic message, push, messaging and text are denied by lender-electronic-opt-out; the call goes ahead', async () => {
  const now = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'opted-out-all-1', nowMs: now, daysPastDue: 1 });
  const handle = await openWith(loan, [
    { id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'payment-reminder' }] },
    { id: 'dpd2-digital', atDpd: 2, actions: [{ channel: 'app-push', template: 'payment-reminder', fallback: ['im', 'sms', 'phone'] }] },
  ]);
  await action(loan.loanId, 1, 'sent');
  await optOutThroughLink(loan, 'sms', 'all-electronic');

  await suite.sleep('1 day');
  expect((await action(loan.loanId, 2)).output).toMatchObject({ status: 'denied', rule: 'lender-electronic-opt-out' });
  await suite.sleep('12 hours');
  await action(loan.loanId, 5, 'sent');
  await closeTestCase(handle);

  const contacts = await contactsOf(suite, loan.loanId);
  expect(contacts.map(({ seq, channel, status, rule }) => ({ seq, channel, status, rule }))).toEqual([
    { seq: 1, channel: 'sms', status: 'sent', rule: 'all-rules-passed' },
    { seq: 2, channel: 'app-push', status: 'denied', rule: 'lender-electronic-opt-out' },
    { seq: 3, channel: 'im', status: 'denied', rule: 'lender-electronic-opt-out' },
    { seq: 4, channel: 'sms', status: 'denied', rule: 'lender-electronic-opt-out' },
    { seq: 5, channel: 'phone', status: 'sent', rule: 'all-rules-passed' },
  ]);
  expect(contacts[2].reason).toContain('the debtor opted out of all electronic messages (sms, email, app-push, im) on');

  // The case page shows the opt-out.
  const page = await suite.api.as('supervisor').get(`/v1/cases/${caseIdFor(loan.loanId)}`).expect(200);
  expect(page.body.optOuts).toEqual([
    {
      scope: 'all-electronic',
      at: expect.stringMatching(/^\d{4}-/),
      method: 'link-page',
      actor: 'debtor',
      note: null,
      loanId: loan.loanId,
      messageKey: `${caseIdFor(loan.loanId)}:1`,
    },
  ]);
});

test('a supervisor records an opt-out the debtor asked for on a call: once, with the note, on the case page', async () => {
  const now = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'opted-out-by-supervisor-1', nowMs: now, daysPastDue: 1 });
  const caseId = caseIdFor(loan.loanId);
  const handle = await openWith(loan, [{ id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'payment-reminder' }] }]);
  await action(loan.loanId, 1, 'sent');
  const record = (body: object) => suite.api.as('supervisor').post(`/v1/cases/${caseId}/opt-outs`).send(body);

  const first = await record({ scope: 'email', note: 'asked on the call to stop e-mails' });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({
    recorded: true,
    optOut: { scope: 'email', method: 'supervisor', actor: 'supervisor-1', note: 'asked on the call to stop e-mails', loanId: loan.loanId, messageKey: null },
  });
  const again = await record({ scope: 'email', note: 'asked again' });
  expect(again.body).toMatchObject({ recorded: false, optOut: first.body.optOut });
  expect(again.body.optOuts).toEqual([first.body.optOut]);

  const invalid = await record({ scope: 'letter', note: '' });
  expect(invalid.status).toBe(422);
  expect(invalid.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['body.note', 'body.scope']);
  expect((await suite.api.as('agent').post(`/v1/cases/${caseId}/opt-outs`).send({ scope: 'email', note: 'x' })).status).toBe(403);
  expect((await suite.api.as('supervisor').post('/v1/cases/case-nobody/opt-outs').send({ scope: 'email', note: 'x' })).status).toBe(404);

  expect((await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.optOuts).toEqual([first.body.optOut]);
  await closeTestCase(handle);
});

test("an e-mail to the debtor's work address is denied under Reg F and allowed under NIFA", async () => {
  const workContact = { ...CONTACT, emailIsWork: true };
  const ladder: Step[] = [{ id: 'dpd1-email', atDpd: 1, actions: [validationNotice, { channel: 'email', template: 'payment-reminder' }] }];

  const usNow = await suite.sleepUntilLocalTime('America/New_York', 10);
  const us = usLoan({ loanId: 'work-email-us', nowMs: usNow, daysPastDue: 1 });
  const usCase = await openWith(us, ladder, workContact);
  const denied = await action(us.loanId, 2);
  await closeTestCase(usCase);

  const cnNow = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const cn = overdueLoan({ loanId: 'work-email-cn', nowMs: cnNow, daysPastDue: 1 });
  const cnCase = await openWith(cn, ladder, workContact);
  await suite.observed.finish<ActionRequest>('performAction', ({ input }) => input.loanId === cn.loanId && input.seq === 2);
  await closeTestCase(cnCase);

  expect(denied.output).toEqual({
    status: 'denied',
    rule: 'regf-1006-22f3-work-email',
    reason: "the debtor's e-mail address is one their employer provides; no e-mail to a work address",
  });
  const [, usEmail] = await contactsOf(suite, us.loanId);
  expect(usEmail).toMatchObject({ channel: 'email', status: 'denied', rule: 'regf-1006-22f3-work-email', profile: 'US_REG_F' });
  // NIFA passes it to the provider: the guard's allowance is what the log keeps, whatever the send did.
  const [, cnEmail] = await contactsOf(suite, cn.loanId);
  expect(cnEmail).toMatchObject({ channel: 'email', rule: 'all-rules-passed', profile: 'CN_NIFA' });
  expect(cnEmail.status).not.toBe('denied');
});
