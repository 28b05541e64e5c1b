// The operations console in Debian's chromium against the real API, worker,
// Temporal and FerretDB: a supervisor signs in by picking a development
// identity, narrows the case list (the filter stays in the URL), opens a case,
// pauses it, and sees it paused in the list and in the timeline; the API's 409
// reaches the page; both languages render; sign-out ends the session. Every page
// is checked by axe-core and must log no console error.
import type { Page } from 'playwright-core';
import { overdueLoan } from '../support/loans';
import { noonZone } from '../support/api';
import { consoleBrowser, holdFirstAnswer, seriousViolations } from '../support/browser';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const [M2_CASE, M1_CASE, STALE_CASE] = ['case-ui-40', 'case-ui-12', 'case-ui-45'];

beforeAll(async () => {
  for (const [loanId, daysPastDue] of [['ui-40', 40], ['ui-12', 12], ['ui-45', 45]] as const) {
    const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue, timeZone: noonZone() });
    await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Road 1' } }).expect(201);
    await suite.api.as('supervisor').post('/v1/cases').send({ loanId }).expect(201);
  }
  // The list reads the read model, which the cases write as they start.
  for (let attempt = 0; ; attempt++) {
    const { body } = await suite.api.as('supervisor').get('/v1/cases');
    if (body.cases.length === 3) break;
    if (attempt === 100) throw new Error('the cases never reached the read model');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

async function signIn(page: Page, path: string, identity: string, submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

const casesTable = (page: Page) => page.getByRole('table', { name: 'Cases matching the filters' });

test('a supervisor signs in, filters the list, opens a case, pauses it, and sees it paused in the list and the timeline', async () => {
  const { context, page, errors } = await browser.open();
  await page.goto('/console/cases?bucket=M2');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await signIn(page, '/console/cases?bucket=M2', 'Supervisor');

  // The session is an httpOnly, SameSite=Strict cookie: not in the URL, not readable by scripts, not in storage.
  await casesTable(page).getByRole('link', { name: M2_CASE }).waitFor();
  const session = (await context.cookies()).find((cookie) => cookie.name === 'arrears_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(await page.evaluate('document.cookie')).not.toContain(session!.value);
  expect(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)')).not.toContain(session!.value);
  expect(page.url()).not.toContain(session!.value);

  // The deep link survived the sign-in: M2 only, the form shows the filter.
  expect(await casesTable(page).getByRole('link').allTextContents()).toEqual([M2_CASE, STALE_CASE]);
  expect(await page.getByLabel('Bucket').inputValue()).toBe('M2');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('DPD from').fill('30');
  await page.getByLabel('DPD to').fill('42');
  await page.getByLabel('Sort by').selectOption('-dpd');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/dpdMin=30/);
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ bucket: 'M2', dpdMin: '30', dpdMax: '42', sort: '-dpd' });
  await casesTable(page).getByRole('link', { name: STALE_CASE }).waitFor({ state: 'detached' });
  expect(await casesTable(page).getByRole('link').allTextContents()).toEqual([M2_CASE]);

  await casesTable(page).getByRole('link', { name: M2_CASE }).click();
  await page.getByRole('heading', { name: `Case ${M2_CASE}` }).waitFor();
  expect(await page.getByRole('region', { name: 'Waiting for' }).getByRole('listitem').first().textContent()).toMatch(/\S/);
  expect(await seriousViolations(page)).toEqual([]);

  const pause = page.getByRole('form', { name: 'Pause outreach' });
  const resume = page.getByRole('form', { name: 'Resume' });
  expect(await resume.getByRole('button', { name: 'Resume' }).isDisabled()).toBe(true);
  expect(await resume.textContent()).toContain('The case is not paused.');
  await pause.getByRole('button', { name: 'Pause' }).click();
  await pause.getByText('Give a reason (up to 500 characters).').waitFor();
  expect(await pause.getByLabel('Reason', { exact: true }).getAttribute('aria-invalid')).toBe('true');

  await pause.getByLabel('Reason', { exact: true }).fill('hardship call');
  await pause.getByRole('button', { name: 'Pause' }).click();
  await pause.getByRole('status').getByText('The case is paused.').waitFor();
  await pause.getByText('The case is paused already.').waitFor();
  expect(await pause.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
  await page.getByText(/Paused by dev-supervisor since .*: hardship call/).waitFor();
  expect(await resume.getByRole('button', { name: 'Resume' }).isEnabled()).toBe(true);

  // The audit trail follows the case; the page reads it again until it shows the pause, with its actor and reason.
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('row').filter({ hasText: 'dev-supervisor' }).filter({ hasText: 'hardship call' }).waitFor({ timeout: 30_000 });

  await page.getByRole('link', { name: 'Back to cases' }).click();
  await page.getByLabel('Paused', { exact: true }).selectOption('true');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/paused=true/);
  await casesTable(page).getByRole('row').filter({ hasText: M2_CASE }).filter({ hasText: 'Paused' }).waitFor({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test("a command the case refuses shows the API's 409 reason, and the page catches up with the case", async () => {
  const { page, errors } = await browser.open();
  // The page keeps the case as it first read it, while another supervisor pauses it.
  await holdFirstAnswer(page, `**/v1/cases/${STALE_CASE}`);
  await signIn(page, `/console/cases/${STALE_CASE}`, 'Supervisor');
  await page.getByRole('heading', { name: `Case ${STALE_CASE}` }).waitFor();
  await page.getByText('The case is not paused.').waitFor();
  await suite.api.as('supervisor').post(`/v1/cases/${STALE_CASE}/commands/pause`).send({ reason: 'on the phone with the debtor' }).expect(200);

  const pause = page.getByRole('form', { name: 'Pause outreach' });
  await pause.getByLabel('Reason', { exact: true }).fill('hardship call');
  await pause.getByRole('button', { name: 'Pause' }).click();
  const refusal = pause.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.textContent()).toMatch(/^The API refused: .*already paused.*\(ALREADY_PAUSED\)/);

  await page.unrouteAll({ behavior: 'wait' });
  await pause.getByText('The case is paused already.').waitFor({ timeout: 30_000 });
  expect(errors).toEqual([`Failed to load resource: the server responded with a status of 409 (Conflict) at /v1/cases/${STALE_CASE}/commands/pause`]);
});

test('both languages render, the first from the browser and then as chosen; an agent may not pause', async () => {
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await page.goto('/console/');
  await page.getByRole('heading', { name: '登录' }).waitFor();
  expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
  await signIn(page, '/console/', '主管', '登录');
  await page.getByRole('heading', { name: '资产组合' }).waitFor();
  const counts = (await suite.api.as('supervisor').get('/v1/portfolio/counts')).body;
  expect(await page.getByRole('definition').first().textContent()).toBe(String(counts.open));
  await page.getByRole('img', { name: '按逾期账龄（M 档）' }).locator('canvas').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  await signIn(page, `/console/cases/${M1_CASE}`, 'Agent');
  const pause = page.getByRole('form', { name: 'Pause outreach' });
  await pause.getByText('Only a supervisor may do this.').waitFor();
  expect(await pause.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('signing out clears the session cookie: the API then answers 401', async () => {
  const { context, page, errors } = await browser.open();
  await signIn(page, '/console/', 'Supervisor');
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  expect((await context.request.get('/v1/cases')).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('arrears_session');
  expect((await context.request.get('/v1/cases')).status()).toBe(401);
  expect(errors).toEqual([]);
});
