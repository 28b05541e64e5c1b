// The payment page through HTTP, against the real API, worker, Temporal and
// FerretDB, with the sandbox payment provider: a form sent twice charges once and
// pays the loan once; a declined card says why and records nothing; an expired,
// tampered or malformed link gets its page and does nothing; a promise and a plan
// acceptance reach the case once, as the debtor on the web.
import request from 'supertest';
import { DAY_MS } from '../../src/domain';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, overdueLoan, usLoan } from '../support/loans';
import { paymentsOf, payPath, submissionOf } from '../support/pay-page';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const page = () => request(suite.api.app);
const form = (body: Record<string, string>) => new URLSearchParams(body).toString();

async function openedCase(loanId: string, english = false): Promise<{ caseId: string; nowMs: number }> {
  const nowMs = await suite.sleepUntilLocalTime(english ? 'America/New_York' : 'Asia/Shanghai', 10);
  const options = { loanId, nowMs, daysPastDue: 12, outstanding: 300_000 };
  const loan = english ? usLoan(options) : overdueLoan(options);
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId }).expect(201);
  return { caseId: opened.body.case.caseId, nowMs };
}

const caseView = async (caseId: string) => (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
const chargesFor = (caseId: string) => suite.channels.sent('payment').filter((charge) => (charge.request as { reference: string }).reference === caseId);

test('the same payment form sent twice charges once and pays the loan once; the case hears it', async () => {
  const { caseId } = await openedCase('pay-twice');
  const path = payPath(caseId, 'pay-twice');
  const shown = await page().get(path).expect(200);
  expect(shown.headers['cache-control']).toBe('no-store');
  expect(shown.text).toContain('<html lang="zh-CN">');
  expect(shown.text).toContain('当前逾期金额');
  expect(shown.text).toContain('¥1,000.00');
  expect(shown.text).toContain('¥3,000.00');
  expect(shown.text).not.toContain(TEST_CONTACT.name!);
  expect(shown.text).not.toContain(TEST_CONTACT.phone!);

  const submission = submissionOf(shown.text, 'payments');
  const body = form({ submission, choice: 'past-due', card: '4242 4242 4242 4242' });
  const [first, second] = await Promise.all([0, 1].map(() => page().post(`${path}/payments`).type('form').send(body)));
  expect([first.status, second.status]).toEqual([303, 303]);
  expect(second.headers.location).toBe(first.headers.location);

  const outcome = await page().get(first.headers.location).expect(200);
  expect(outcome.text).toContain('谢谢。我们已收到您的还款¥1,000.00。');
  expect(outcome.text).toContain('剩余欠款：¥2,000.00');
  const again = await page().post(`${path}/payments`).type('form').send(body).expect(303);
  expect((await page().get(again.headers.location).expect(200)).text).toContain('还款成功');

  const charges = chargesFor(caseId);
  expect(charges).toHaveLength(1);
  const payments = await paymentsOf(suite.db.connection, 'pay-twice');
  expect(payments).toEqual([expect.objectContaining({ reference: charges[0].id, amount: 100_000, receivedBy: 'debtor:web' })]);
  const view = await caseView(caseId);
  expect(view.balance).toBe(200_000);
  expect(view.recentEvents.filter((event: { type: string }) => event.type === 'payment')).toEqual([expect.objectContaining({ actor: charges[0].id })]);
});

test('a declined card says why in the debtor\'s language, and nothing is recorded', async () => {
  const { caseId } = await openedCase('pay-declined', true);
  const path = payPath(caseId, 'pay-declined');
  const shown = await page().get(path).expect(200);
  expect(shown.text).toContain('<html lang="en">');
  expect(shown.text).toContain('$1,000.00');
  const submission = submissionOf(shown.text, 'payments');
  const sent = await page().post(`${path}/payments`).type('form').send(form({ submission, choice: 'other', amount: '12.34', card: '4000000000000002' })).expect(303);
  const outcome = await page().get(sent.headers.location).expect(200);
  expect(outcome.text).toContain('Your payment of $12.34 was declined.');
  expect(outcome.text).toContain('The card was declined.');
  expect(chargesFor(caseId)).toEqual([expect.objectContaining({ request: expect.objectContaining({ amount: 1234 }) })]);
  expect(await paymentsOf(suite.db.connection, 'pay-declined')).toEqual([]);
});

test('amounts past the balance and promise dates out of bounds are refused on the page, with nothing done', async () => {
  const { caseId, nowMs } = await openedCase('pay-bounds', true);
  const path = payPath(caseId, 'pay-bounds');
  const shown = (await page().get(path).expect(200)).text;
  const tooMuch = await page().post(`${path}/payments`).type('form').send(form({ submission: submissionOf(shown, 'payments'), choice: 'other', amount: '3000.01', card: '4242424242424242' }));
  expect(tooMuch.status).toBe(422);
  expect(tooMuch.text).toContain('Enter at most the whole balance, $3,000.00.');
  const past = await page().post(`${path}/promises`).type('form').send(form({ submission: submissionOf(shown, 'promises'), amount: '100', date: isoDate(nowMs - DAY_MS) }));
  expect(past.status).toBe(422);
  expect(past.text).toContain('That date has passed. Choose today or a later date.');
  const far = await page().post(`${path}/promises`).type('form').send(form({ submission: submissionOf(shown, 'promises'), amount: '100', date: isoDate(nowMs + 31 * DAY_MS) }));
  expect(far.status).toBe(422);
  expect(chargesFor(caseId)).toEqual([]);
  expect((await caseView(caseId)).holds).toEqual([]);
});

test('an expired, tampered or malformed link gets a page in both languages, and charges, pays and promises nothing', async () => {
  const { caseId, nowMs } = await openedCase('pay-refused');
  const good = payPath(caseId, 'pay-refused');
  const submission = submissionOf((await page().get(good).expect(200)).text, 'payments');
  const expired = payPath(caseId, 'pay-refused', { expiresAtMs: Date.now() - 1000 });
  const [body, signature] = good.slice('/pay/'.length).split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), c: 'case-someone-else' })).toString('base64url');
  const tampered = `/pay/${forged}.${signature}`;
  const malformed = '/pay/not-a-token';
  const optOut = payPath(caseId, 'pay-refused', { purpose: 'opt-out' });

  for (const [path, status, title] of [
    [expired, 410, '链接已过期 / This link has expired'],
    [tampered, 400, '链接无效 / This link is not valid'],
    [malformed, 400, '链接无效 / This link is not valid'],
    [optOut, 400, '链接无效 / This link is not valid'],
  ] as const) {
    const shown = await page().get(path);
    expect([path, shown.status]).toEqual([path, status]);
    expect(shown.text).toContain(`<h1>${title}</h1>`);
    expect(shown.text).not.toContain('<form');
    await page().post(`${path}/payments`).type('form').send(form({ submission, choice: 'balance', card: '4242424242424242' })).expect(status);
    await page().post(`${path}/promises`).type('form').send(form({ submission, amount: '100', date: isoDate(nowMs + DAY_MS) })).expect(status);
    await page().post(`${path}/plan-acceptances`).type('form').send(form({ submission })).expect(status);
    expect((await page().get(`${path}/payments/${submission}`)).status).toBe(status);
  }
  expect(chargesFor(caseId)).toEqual([]);
  expect(await paymentsOf(suite.db.connection, 'pay-refused')).toEqual([]);
  expect((await caseView(caseId)).holds).toEqual([]);
});

test('a promise by a date reaches the case once, as the debtor on the web; the page then shows it', async () => {
  const { caseId, nowMs } = await openedCase('pay-promise');
  const path = payPath(caseId, 'pay-promise');
  const date = isoDate(nowMs + 10 * DAY_MS);
  const submission = submissionOf((await page().get(path).expect(200)).text, 'promises');
  const body = form({ submission, amount: '500', date });
  const answers = await Promise.all([0, 1].map(() => page().post(`${path}/promises`).type('form').send(body)));
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/谢谢。您已承诺于\d{4}年\d{1,2}月\d{1,2}日前还款¥500\.00。/);
  }
  const view = await caseView(caseId);
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', actor: 'debtor:web', amount: 50_000 })]);
  expect(view.recentEvents.filter((event: { data?: { command?: string } }) => event.data?.command === 'promise-to-pay')).toHaveLength(1);
  const shown = (await page().get(path).expect(200)).text;
  expect(shown).toMatch(/您已承诺于\d{4}年\d{1,2}月\d{1,2}日前还款¥500\.00。/);
  expect(shown).not.toContain('/promises"');
});

test('a plan proposed to the debtor is accepted on the page once, through the web', async () => {
  const { caseId, nowMs } = await openedCase('pay-plan', true);
  const path = payPath(caseId, 'pay-plan');
  expect((await page().get(path).expect(200)).text).not.toContain('plan-acceptances');
  await suite.api.as('agent').post(`/v1/cases/${caseId}/commands/propose-plan`).send({ payments: 4, firstDate: isoDate(nowMs + 5 * DAY_MS) }).expect(200);
  const shown = (await page().get(path).expect(200)).text;
  expect(shown).toContain('Your lender offers to let you pay $1,000.00 in 4 payments:');
  const submission = submissionOf(shown, 'plan-acceptances');
  for (let i = 0; i < 2; i++) {
    const accepted = await page().post(`${path}/plan-acceptances`).type('form').send(form({ submission })).expect(200);
    expect(accepted.text).toContain('Thank you. Your repayment plan is active.');
  }
  const view = await caseView(caseId);
  expect(view.repaymentPlan).toMatchObject({ status: 'active', accepted: { actor: 'debtor:web', channel: 'web' } });
  expect(view.recentEvents.filter((event: { type: string }) => event.type === 'plan-accepted')).toHaveLength(1);
});

test('a closed case has nothing to pay, and its forms charge nothing', async () => {
  const { caseId } = await openedCase('pay-closed');
  const path = payPath(caseId, 'pay-closed');
  const submission = submissionOf((await page().get(path).expect(200)).text, 'payments');
  await suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/close`).send({ reason: 'settled with the lender' }).expect(200);
  const shown = await page().get(path).expect(200);
  expect(shown.text).toContain('此账户目前没有需要还款的金额。');
  expect(shown.text).not.toContain('<form');
  await page().post(`${path}/payments`).type('form').send(form({ submission, choice: 'balance', card: '4242424242424242' })).expect(409);
  expect(chargesFor(caseId)).toEqual([]);
});
