// The agent's console in Debian's chromium against the real API, worker,
// Temporal and FerretDB: an agent signs in, sees the call a case's ladder queued
// with the debtor's local time, claims it, reads the script, is stopped by the
// form on a bad amount and a past date, reports a promise to pay with the reason
// for the arrears, and sees the case wait for the promise; a claim the API
// refuses (another agent took the call) shows the API's reason; in Chinese, a
// dispute puts the case on hold. Every page is checked by axe-core and must log no console error.
import type { Page } from 'playwright-core';
import type { CaseProgress } from '../../src/activities/case-records';
import { caseIdFor, DAY_MS } from '../../src/domain';
import { noonZone } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { oneLadder, openTestCase } from '../support/cases';
import { isoDate, overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const QUEUE = 'ui-agent-calls';
const CONTACT = { name: 'Wang Fang', phone: '+8613912345678', address: 'Test Road 1' };

const seniorCall = oneLadder('ui-agent-call', [
  { id: 'dpd1-call', atDpd: 1, actions: [{ channel: 'phone', template: 'senior-collector-call', parameters: { queue: QUEUE } }] },
]);

/** Books the loan, opens its case on a ladder whose first step queues a call, and waits until the call is queued. */
async function caseWithCall(loanId: string) {
  // A debtor where it is about noon now, so the compliance guard allows the call.
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: CONTACT }).expect(201);
  await openTestCase(suite.env, loan, { strategy: seniorCall });
  await suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === loanId && input.view.stepOutcomes['dpd1-call'] !== undefined);
  const caseId = caseIdFor(loanId);
  return { caseId, callId: `${caseId}:1` };
}

async function signIn(page: Page, path: string, identity: string, submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

test('an agent claims a call from the queue, reads the script, is stopped on a bad amount, reports a promise with the reason for the arrears, and the case waits for it', async () => {
  const { caseId, callId } = await caseWithCall('ui-agent-1');
  const { page, errors } = await browser.open();
  await signIn(page, `/console/queue?queue=${QUEUE}`, 'Agent');

  const queue = page.getByRole('table', { name: `Tasks in queue ${QUEUE} that may be worked now, longest waiting first` });
  const row = queue.getByRole('row').filter({ hasText: callId });
  await row.waitFor();
  expect(await row.getByRole('link', { name: caseId }).count()).toBe(1);
  // When it may be worked, and the time now, both in the debtor's zone, named.
  const zoneName = new Intl.DateTimeFormat('en', { timeZone: noonZone(), timeZoneName: 'short' }).formatToParts(new Date()).find((part) => part.type === 'timeZoneName')!.value;
  const [from, localNow] = (await row.getByRole('cell').allTextContents()).slice(3, 5);
  expect(from).toContain(zoneName);
  expect(localNow).toContain(zoneName);
  expect(localNow).toMatch(/1[0-3]:\d\d PM|1[12]:\d\d AM/);
  expect(await seriousViolations(page)).toEqual([]);

  await row.getByRole('button', { name: `Claim ${callId}` }).click();
  await page.getByRole('heading', { name: `Task ${callId}` }).waitFor();
  await page.waitForURL(`**/console/queue/tasks/${encodeURIComponent(callId)}`);
  const debtor = page.getByRole('region', { name: 'Debtor' });
  await debtor.getByText(CONTACT.name).waitFor();
  expect(await debtor.getByRole('link', { name: CONTACT.phone }).getAttribute('href')).toBe(`tel:${CONTACT.phone}`);
  // The senior collector's script, in the debtor's language, with what is past due today.
  const script = page.getByRole('region', { name: 'Script' });
  const scriptText = await script.textContent();
  expect(scriptText).toContain(`${CONTACT.name}本人`);
  expect(scriptText).toContain('高级催收专员');
  expect(scriptText).toContain('已逾期3天');
  expect(await script.locator('[lang="zh-CN"]').count()).toBe(1);
  await page.getByRole('region', { name: 'The case now' }).getByText('Days past due').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  const form = page.getByRole('form', { name: 'Report the outcome' });
  await form.getByRole('button', { name: 'Report outcome' }).click();
  await form.getByText('Choose how the call or visit went.').waitFor();
  await form.getByLabel('Promise to pay').check();
  // The reason for the arrears is asked only where the debtor was reached.
  await form.getByLabel('Reason for the arrears (if the debtor gave one)').waitFor();
  const amount = form.getByLabel('Promised amount (CNY)');
  const date = form.getByLabel('Promised by (date)');
  await amount.fill('0');
  await date.fill(isoDate(Date.now() - 2 * DAY_MS));
  await form.getByRole('button', { name: 'Report outcome' }).click();
  await form.getByText('Give an amount above zero, with at most 2 decimal places.').waitFor();
  await form.getByText('The date has passed: give today or a later day.').waitFor();
  expect(await amount.getAttribute('aria-invalid')).toBe('true');
  expect(await date.getAttribute('aria-invalid')).toBe('true');
  await amount.fill('1500.505');
  await form.getByRole('button', { name: 'Report outcome' }).click();
  await form.getByText('Give an amount above zero, with at most 2 decimal places.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  // Nothing reached the API: the task is still open.
  expect((await suite.api.as('supervisor').get(`/v1/tasks/${callId}`)).body.status).toBe('open');

  const promisedBy = isoDate(Date.now() + 10 * DAY_MS);
  await amount.fill('1500.50');
  await date.fill(promisedBy);
  await form.getByLabel('Reason for the arrears (if the debtor gave one)').selectOption({ label: 'Income drop or job loss' });
  await form.getByLabel("The debtor's words (optional)").fill('hours cut at the factory');
  await form.getByRole('button', { name: 'Report outcome' }).click();
  await form.getByRole('status').getByText('Reported. The case has heard it.').waitFor();
  await page.getByText(/^Reported as Promise to pay by dev-agent at /).waitFor();
  expect(await form.getByRole('button', { name: 'Report outcome' }).isDisabled()).toBe(true);

  // The case moves: it waits for the promise, on the page (which follows the case) and through the API.
  await page
    .getByRole('region', { name: 'The case now' })
    .getByRole('listitem')
    .filter({ hasText: `the promise to pay 150050 CNY by ${promisedBy}` })
    .waitFor({ timeout: 30_000 });
  const view = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.case;
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', actor: 'dev-agent', amount: 150_050 })]);
  expect((await suite.api.as('supervisor').get(`/v1/tasks/${callId}`)).body).toMatchObject({
    status: 'done',
    outcome: 'promise-to-pay',
    agent: 'dev-agent',
    promise: { amount: 150_050, date: promisedBy },
    arrearsReason: { code: 'income-drop', note: 'hours cut at the factory' },
  });
  expect(await seriousViolations(page)).toEqual([]);

  // Worked, the call has left the queue.
  await page.getByRole('link', { name: 'Back to the queue' }).click();
  await page.getByText(`Nothing in queue ${QUEUE} may be worked now.`).waitFor();
  expect(errors).toEqual([]);
});

test("a claim the API refuses shows the API's reason: another agent took the call meanwhile", async () => {
  const { callId } = await caseWithCall('ui-agent-2');
  const { page, errors } = await browser.open();
  // The page keeps the queue as it first read it, while another agent claims the call.
  let firstList: string | undefined;
  await page.route((url) => url.pathname === '/v1/tasks', async (route) => {
    const response = await route.fetch();
    firstList ??= await response.text();
    await route.fulfill({ response, body: firstList });
  });
  await signIn(page, `/console/queue?queue=${QUEUE}`, 'Agent');
  const row = page.getByRole('row').filter({ hasText: callId });
  await row.waitFor();
  await suite.api.as('agent').post(`/v1/tasks/${callId}/claim`).expect(200);

  await row.getByRole('button', { name: `Claim ${callId}` }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.textContent()).toMatch(/^The API refused the claim: Task .* is being worked by agent-1; take another task from the queue/);
  expect(await seriousViolations(page)).toEqual([]);

  // Opened anyway, the task shows no debtor details, and the outcome form is disabled with the reason.
  await page.goto(`/console/queue/tasks/${encodeURIComponent(callId)}`);
  const form = page.getByRole('form', { name: 'Report the outcome' });
  await form.getByText('You do not hold this task', { exact: false }).waitFor();
  expect(await form.getByRole('button', { name: 'Report outcome' }).isDisabled()).toBe(true);
  expect(await page.getByRole('region', { name: 'Debtor' }).count()).toBe(0);
  expect(await page.getByText(CONTACT.phone).count()).toBe(0);
  expect(errors).toEqual([`Failed to load resource: the server responded with a status of 409 (Conflict) at /v1/tasks/${encodeURIComponent(callId)}/claim`]);
});

test('in Chinese: the queue, the task with its script, and a dispute that puts the case on hold', async () => {
  const { caseId, callId } = await caseWithCall('ui-agent-3');
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await signIn(page, `/console/queue?queue=${QUEUE}`, '催收员', '登录');
  await page.getByRole('heading', { name: '工作队列' }).waitFor();
  const row = page.getByRole('table', { name: `队列 ${QUEUE} 中现在可处理的任务，等待最久的在前` }).getByRole('row').filter({ hasText: callId });
  await row.getByText('电话').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await row.getByRole('button', { name: `领取 ${callId}` }).click();
  await page.getByRole('heading', { name: `任务 ${callId}` }).waitFor();
  await page.getByRole('region', { name: '话术' }).getByText('高级催收专员', { exact: false }).waitFor();
  const form = page.getByRole('form', { name: '报告结果' });
  // Nobody answered: there is no reason for the arrears to ask for.
  await form.getByLabel('无人接听').check();
  expect(await form.getByLabel('逾期原因（如债务人说明）').count()).toBe(0);
  await form.getByLabel('提出异议').check();
  await form.getByRole('button', { name: '提交结果' }).click();
  await form.getByText('请说明债务人对什么有异议（不超过 500 字）。').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByLabel('债务人对什么有异议').fill('称第一期已在网点现金还款');
  await form.getByLabel('逾期原因（如债务人说明）').selectOption({ label: '对债务有异议' });
  await form.getByRole('button', { name: '提交结果' }).click();
  await form.getByRole('status').getByText('已报告，案件已收到。').waitFor();
  await page.getByText('已由 dev-agent 于', { exact: false }).waitFor();
  expect((await suite.api.as('supervisor').get(`/v1/tasks/${callId}`)).body).toMatchObject({
    status: 'done',
    outcome: 'dispute',
    dispute: { reason: '称第一期已在网点现金还款' },
    arrearsReason: { code: 'dispute' },
  });
  const view = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.case;
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'dispute', actor: 'dev-agent', reason: `称第一期已在网点现金还款 (task ${callId})` })]);
  // The reason reaches the case as its latest overdue reason.
  expect(view.overdueReason).toMatchObject({ code: 'dispute', actor: 'dev-agent', source: 'agent', taskId: callId });
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
