// The payment page end to end in Debian's chromium, against the real API, worker,
// Temporal and FerretDB and the sandbox payment provider: a signed link opens the
// page in the debtor's language, the debtor pays (the Chinese debtor clicks twice),
// the case hears the payment and the loan is paid once. An English debtor
// promises to pay by a date, and the case shows the promise. Checked by axe-core.
import type { Page } from 'playwright-core';
import { DAY_MS, type Loan } from '../../src/domain';
import { TEST_CONTACT } from '../support/channels';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { isoDate, overdueLoan, usLoan } from '../support/loans';
import { paymentsOf, payPath } from '../support/pay-page';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);

async function openedCase(loan: Loan): Promise<string> {
  await suite.api.as('supervisor').put(`/v1/loans/${loan.loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  return (await suite.api.as('supervisor').post('/v1/cases').send({ loanId: loan.loanId }).expect(201)).body.case.caseId;
}

const caseView = async (caseId: string) => (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
const chargesFor = (caseId: string) => suite.channels.sent('payment').filter((charge) => (charge.request as { reference: string }).reference === caseId);

/** The console's errors but the browser's own request for /favicon.ico, which the pages do not serve. */
const pageErrors = (errors: string[]) => errors.filter((error) => !error.endsWith('at /favicon.ico'));

async function expectNoContactDetails(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const detail of [TEST_CONTACT.name!, TEST_CONTACT.phone!, '12 Elm Street']) expect(text).not.toContain(detail);
}

test.each([
  {
    language: 'zh-CN',
    loan: (nowMs: number) => overdueLoan({ loanId: 'pay-browser-zh', nowMs, daysPastDue: 12 }),
    words: { title: '您的还款', pastDue: '当前逾期金额', balance: '全部欠款', choice: '逾期金额 ¥1,000.00', card: '银行卡号', pay: '支付', done: '还款成功' },
    paid: ['谢谢。我们已收到您的还款¥1,000.00。', '剩余欠款：¥2,000.00'],
    amounts: ['¥1,000.00', '¥3,000.00'],
    twice: true,
  },
  {
    language: 'en',
    loan: (nowMs: number) => usLoan({ loanId: 'pay-browser-en', nowMs, daysPastDue: 12 }),
    words: { title: 'Your payment', pastDue: 'Past due now', balance: 'Whole balance', choice: 'The past-due amount $1,000.00', card: 'Card number', pay: 'Pay', done: 'Payment received' },
    paid: ['Thank you. Your payment of $1,000.00 has been received.', 'Balance remaining: $2,000.00'],
    amounts: ['$1,000.00', '$3,000.00'],
    twice: false,
  },
])('a $language debtor opens the link, pays what is past due, and the loan is paid once', async ({ language, loan, words, paid, amounts, twice }) => {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const booked = loan(nowMs);
  const caseId = await openedCase(booked);
  const { page, errors } = await browser.open();

  await page.goto(payPath(caseId, booked.loanId));
  await page.getByRole('heading', { name: words.title, level: 1 }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe(language);
  const account = page.getByRole('region', { name: words.title });
  expect(await account.locator('dt').allTextContents()).toEqual([words.pastDue, words.balance]);
  expect(await account.locator('dd').allTextContents()).toEqual(amounts);
  await expectNoContactDetails(page);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel(words.choice).check();
  await page.getByLabel(words.card).fill('4242 4242 4242 4242');
  const pay = page.getByRole('button', { name: words.pay, exact: true });
  if (twice) await pay.dblclick();
  else await pay.click();
  await page.getByRole('heading', { name: words.done, level: 1 }).waitFor();
  for (const line of paid) await page.getByText(line).waitFor();
  await expectNoContactDetails(page);
  expect(pageErrors(errors)).toEqual([]);

  const charges = chargesFor(caseId);
  expect(charges).toHaveLength(1);
  expect(await paymentsOf(suite.db.connection, booked.loanId)).toEqual([expect.objectContaining({ reference: charges[0].id, amount: 100_000, receivedBy: 'debtor:web' })]);
  const view = await caseView(caseId);
  expect(view.balance).toBe(200_000);
  expect(view.recentEvents.filter((event: { type: string }) => event.type === 'payment')).toEqual([expect.objectContaining({ actor: charges[0].id })]);
});

test('an English debtor promises to pay by a date; a past date is refused first; the case shows the promise once', async () => {
  const nowMs = await suite.sleepUntilLocalTime('America/New_York', 10);
  const booked = usLoan({ loanId: 'pay-browser-promise', nowMs, daysPastDue: 12 });
  const caseId = await openedCase(booked);
  const { page, errors } = await browser.open();
  await page.goto(payPath(caseId, booked.loanId));

  const promise = page.getByRole('form', { name: 'Promise to pay' });
  await promise.getByLabel('Amount you will pay').fill('250');
  // The date field's min stops a past date in the browser; one sent anyway is refused by the server.
  await promise.getByLabel('Pay by (date)').evaluate((input) => input.removeAttribute('min'));
  await promise.getByLabel('Pay by (date)').fill(isoDate(nowMs - 2 * DAY_MS));
  await promise.getByRole('button', { name: 'Promise to pay' }).click();
  await page.getByRole('alert').getByText('That date has passed. Choose today or a later date.').waitFor();
  expect((await caseView(caseId)).holds).toEqual([]);

  const date = isoDate(nowMs + 7 * DAY_MS);
  const again = page.getByRole('form', { name: 'Promise to pay' });
  await again.getByLabel('Amount you will pay').fill('250');
  await again.getByLabel('Pay by (date)').fill(date);
  await again.getByRole('button', { name: 'Promise to pay' }).click();
  const promised = new RegExp(`^Thank you\\. You promised to pay \\$250\\.00 by \\w+ \\d{1,2}, ${date.slice(0, 4)}\\.$`);
  await page.getByText(promised).waitFor();
  // The refused date's page came with 422, which the browser reports.
  expect(pageErrors(errors)).toEqual([expect.stringMatching(/status of 422 .* at \/pay\/[^/]+\/promises$/)]);

  const view = await caseView(caseId);
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', actor: 'debtor:web', amount: 25_000 })]);
  expect(view.recentEvents.filter((event: { data?: { command?: string } }) => event.data?.command === 'promise-to-pay')).toEqual([
    expect.objectContaining({ actor: 'debtor:web', data: expect.objectContaining({ amount: 25_000, date }) }),
  ]);
  expect(chargesFor(caseId)).toEqual([]);
});
