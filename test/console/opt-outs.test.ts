// Opt-outs in Debian's chromium against the real API, worker, Temporal and FerretDB:
// the debtor opens a message's opt-out link, in their language, and stops e-mail with
// the page's plain form (no script, under the API's Content-Security-Policy); the
// supervisor's case page lists it and records another the debtor asked for on a call;
// an auditor sees the list and may not record. Every page is checked by axe-core and
// must log no console error.
import type { Page } from 'playwright-core';
import { createDebtorLinks } from '../../src/security/debtor-links';
import { noonZone, testApiConfig } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const links = createDebtorLinks(testApiConfig());
const LOAN = 'oo-1';
const CASE = `case-${LOAN}`;

beforeAll(async () => {
  const loan = overdueLoan({ loanId: LOAN, nowMs: Date.now(), daysPastDue: 5, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${LOAN}`).send({ loan, contact: { name: '王芳', email: 'wang.fang@example.cn' } }).expect(201);
  await suite.api.as('supervisor').post('/v1/cases').send({ loanId: LOAN }).expect(201);
});

async function signIn(page: Page, path: string, identity: string, submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

test("the debtor stops e-mail on the link's page, in Chinese, with the page's form", async () => {
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  const token = links.sign({ purpose: 'opt-out', caseId: CASE, loanId: LOAN, channel: 'email', messageKey: `${CASE}:1` });
  await page.goto(`/opt-out/${token}`);
  await page.getByRole('heading', { name: '退订消息' }).waitFor();
  await page.getByText('通过电子邮件向您发送贷款还款提醒').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: '退订电子邮件' }).click();
  await page.getByRole('heading', { name: '已退订' }).waitFor();
  await page.getByText('将不再向您发送电子邮件。').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  const { body } = await suite.api.as('supervisor').get(`/v1/cases/${CASE}`).expect(200);
  expect(body.optOuts).toEqual([expect.objectContaining({ scope: 'email', method: 'link-page', actor: 'debtor' })]);
});

test('the case page lists the opt-outs; a supervisor records one the debtor asked for on a call', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, `/console/cases/${CASE}`, 'Supervisor');
  const region = page.getByRole('region', { name: 'Opt-outs' });
  const table = region.getByRole('table');
  await table.getByRole('row').filter({ hasText: 'E-mail' }).filter({ hasText: "The message's opt-out page" }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  const form = region.getByRole('form', { name: 'Record an opt-out' });
  await form.getByRole('button', { name: 'Record' }).click();
  await form.getByText('Say how the debtor asked (up to 500 characters).').waitFor();
  await form.getByLabel('Stopped').selectOption('all-electronic');
  await form.getByLabel('How the debtor asked').fill('asked on the call to stop all messages');
  await form.getByRole('button', { name: 'Record' }).click();
  await form.getByRole('status').getByText('Recorded: the guard refuses these messages from now on.').waitFor();
  await table
    .getByRole('row')
    .filter({ hasText: 'All electronic messages' })
    .filter({ hasText: 'Recorded by a supervisor · dev-supervisor' })
    .filter({ hasText: 'asked on the call to stop all messages' })
    .waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('in Chinese, an auditor sees the opt-outs and may not record one', async () => {
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await signIn(page, `/console/cases/${CASE}`, '审计员', '登录');
  const region = page.getByRole('region', { name: '退订' });
  await region.getByRole('row').filter({ hasText: '电子邮件' }).filter({ hasText: '消息中的退订页面' }).waitFor();
  const form = region.getByRole('form', { name: '记录退订' });
  await form.getByText('仅主管可以记录退订。').waitFor();
  expect(await form.getByRole('button', { name: '记录' }).isDisabled()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
