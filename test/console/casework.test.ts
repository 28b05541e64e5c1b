// The supervisor's case page in Debian's chromium against the real API, worker,
// Temporal and FerretDB: the debtor's contact details masked until revealed for
// a reason, the reveal in the timeline (and the API's); the assessment with
// each feature's contribution, the ladder, payments and the guard's verdicts;
// commands besides pause (assign to an agency, a promise to pay, the reason
// for the arrears with its history and source, the review a fraud reason opens) and their results; a command the API refuses
// shows the API's reason; both languages;
// only a supervisor may reveal. Every page is checked by axe-core and must log no console error.
import type { Page } from 'playwright-core';
import { DEFAULT_STRATEGY } from '../../src/domain';
import { overdueLoan } from '../support/loans';
import { noonZone } from '../support/api';
import { consoleBrowser, holdFirstAnswer, seriousViolations } from '../support/browser';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const contact = { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Road 1', nationalId: '310115199003150028' };
const [CASE, STALE_CASE] = ['case-cw-40', 'case-cw-35'];
const REASON = 'debtor asked for a call back';
/** The stale case's loan was restructured a month ago: it is graded 次级 for a year. */
const RESTRUCTURED_ON = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

type Attempt = { verdict: string };

beforeAll(async () => {
  for (const [loanId, daysPastDue] of [['cw-40', 40], ['cw-35', 35]] as const) {
    const loan = { ...overdueLoan({ loanId, nowMs: Date.now(), daysPastDue, timeZone: noonZone() }), ...(loanId === 'cw-35' && { restructuredOn: RESTRUCTURED_ON }) };
    await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact }).expect(201);
    await suite.api.as('supervisor').post('/v1/cases').send({ loanId }).expect(201);
  }
  const paid = await suite.api.as('supervisor').post('/v1/loans/cw-40/payments').send({ amount: 1_000, date: new Date().toISOString().slice(0, 10), reference: 'cw-pay-1' });
  expect(paid.status).toBeLessThan(300);
  // The DPD 30 step runs as the case opens: its contact attempts reach the contact log.
  for (let attempt = 0; ; attempt++) {
    const { body } = await suite.api.as('supervisor').get(`/v1/cases/${CASE}`);
    if (body.case?.stepOutcomes?.['dpd30-second-demand'] && body.contacts.some((entry: Attempt) => entry.verdict === 'allowed')) break;
    if (attempt === 150) throw new Error(`the case never ran its DPD 30 step: ${JSON.stringify(body).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

async function signIn(page: Page, path: string, identity: string, submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

test('a supervisor reveals the contact for a reason, sees the assessment, ladder, payments and verdicts, assigns an agency and records a promise to pay', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, `/console/cases/${CASE}`, 'Supervisor');
  await page.getByRole('heading', { name: `Case ${CASE}` }).waitFor();

  // Masked until revealed: the page holds no plaintext contact detail.
  const debtor = page.getByRole('region', { name: 'Loan and debtor' });
  await debtor.getByText('+*********5678').waitFor();
  expect(await page.content()).not.toContain(contact.phone);
  expect(await debtor.textContent()).toContain('T*** D*****');
  expect(await seriousViolations(page)).toEqual([]);

  const reveal = page.getByRole('form', { name: 'Reveal contact details' });
  await reveal.getByRole('button', { name: 'Reveal' }).click();
  await reveal.getByText('Give a reason (up to 500 characters).').waitFor();
  expect(await reveal.getByLabel('Why you need them').getAttribute('aria-invalid')).toBe('true');
  await reveal.getByLabel('Why you need them').fill(REASON);
  await reveal.getByRole('button', { name: 'Reveal' }).click();
  await debtor.getByText(contact.phone).waitFor();
  await debtor.getByText(contact.nationalId).waitFor();
  await debtor.getByRole('status').getByText(/Revealed to dev-supervisor at .*; the timeline records it\./).waitFor();

  // The timeline shows the reveal with its actor and reason, as the API records it.
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('row').filter({ hasText: 'contact revealed by dev-supervisor' }).filter({ hasText: REASON }).waitFor({ timeout: 30_000 });
  const { body: trail } = await suite.api.as('auditor').get(`/v1/cases/${CASE}/timeline`);
  expect(trail.events.filter((event: { type: string }) => event.type === 'contact-revealed')).toEqual([
    expect.objectContaining({ actor: 'dev-supervisor', reason: REASON }),
  ]);
  await debtor.getByRole('button', { name: 'Mask again' }).click();
  await debtor.getByText('+*********5678').waitFor();

  // The assessment, each feature with its points; the ladder with its steps done, skipped and next.
  const contributions = page.getByRole('table', { name: "Each feature's contribution to the score" });
  expect(await contributions.getByRole('row').count()).toBeGreaterThan(5);
  await contributions.getByRole('rowheader', { name: 'Days past due' }).waitFor();
  const { body: detail } = await suite.api.as('supervisor').get(`/v1/cases/${CASE}`);
  await page.getByText(`Score ${detail.case.assessment.score} on behaviour-v1`).waitFor();
  const ladder = page.getByRole('table', { name: new RegExp(`^Ladder of strategy default@${DEFAULT_STRATEGY.version}`) });
  await ladder.getByRole('row').filter({ hasText: 'dpd30-second-demand' }).filter({ hasText: 'Done' }).waitFor();
  await ladder.getByRole('row').filter({ hasText: 'dpd15-demand-letter' }).filter({ hasText: 'Skipped' }).waitFor();
  await ladder.getByRole('row').filter({ hasText: 'dpd60-agency-placement' }).filter({ has: page.getByRole('cell', { name: 'Next', exact: true }) }).waitFor();

  // Payments, and the contact attempts with the guard's verdicts.
  await page.getByRole('table', { name: 'Payments received, newest first' }).getByRole('row').filter({ hasText: 'cw-pay-1' }).waitFor();
  const attempts = page.getByRole('table', { name: 'Contact attempts, oldest first' });
  await attempts.getByRole('row').filter({ hasText: 'dpd30-second-demand' }).filter({ hasText: 'Allowed' }).first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  // Another command than pause: assign the case to an agency, and see it placed.
  const assign = page.getByRole('form', { name: 'Assign to an agency' });
  const recall = page.getByRole('form', { name: 'Recall from the agency' });
  expect(await recall.getByText('The case is not with an agency.').count()).toBe(1);
  await assign.getByRole('button', { name: 'Assign' }).click();
  await assign.getByText('Name the agency (up to 100 characters).').waitFor();
  await assign.getByLabel('Agency').fill('Acme Recoveries');
  await assign.getByRole('button', { name: 'Assign' }).click();
  await assign.getByRole('status').getByText('The case is placed with the agency.').waitFor({ timeout: 30_000 });
  await assign.getByText('The case is with agency Acme Recoveries; recall it first.').waitFor();
  expect(await assign.getByRole('button', { name: 'Assign' }).isDisabled()).toBe(true);
  expect(await recall.getByRole('button', { name: 'Recall' }).isEnabled()).toBe(true);
  await page.locator('.figures').getByText('Acme Recoveries').waitFor();
  await timeline.getByRole('row').filter({ hasText: 'assigned to agency Acme Recoveries' }).waitFor({ timeout: 30_000 });

  // A promise to pay: the amount in yuan reaches the API in fen.
  const promise = page.getByRole('form', { name: 'Promise to pay' });
  await promise.getByLabel('Amount (CNY)').fill('12.345');
  await promise.getByLabel('Pays by (date)').fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  await promise.getByRole('button', { name: 'Record the promise' }).click();
  await promise.getByText('Give an amount above zero, at most 2 decimal places.').waitFor();
  await promise.getByLabel('Amount (CNY)').fill('12.5');
  await promise.getByRole('button', { name: 'Record the promise' }).click();
  await promise.getByRole('status').getByText('The promise to pay is recorded.').waitFor();
  await promise.getByText('The case has an open promise to pay.').waitFor();
  const { body: promised } = await suite.api.as('supervisor').get(`/v1/cases/${CASE}`);
  expect(promised.case.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', amount: 1_250, actor: 'dev-supervisor' })]);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a supervisor records the reason for the arrears; the page shows the latest with its history, each with who and when', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, `/console/cases/${CASE}`, 'Supervisor');
  const section = page.getByRole('region', { name: 'Reason for the arrears' });
  await section.getByText('No reason recorded yet.').waitFor();

  const form = page.getByRole('form', { name: 'Record the reason for the arrears' });
  await form.getByLabel('Reason for the arrears').selectOption({ label: 'Illness or accident' });
  await form.getByLabel('Note (optional)').fill('in hospital since October');
  await form.getByRole('button', { name: 'Record' }).click();
  await form.getByRole('status').getByText('The reason is recorded.').waitFor();
  await section.getByText(/^Illness or accident \(in hospital since October\), recorded by dev-supervisor on /).waitFor();

  await form.getByLabel('Reason for the arrears').selectOption({ label: 'Income drop or job loss' });
  await form.getByLabel('Note (optional)').fill('');
  await form.getByRole('button', { name: 'Record' }).click();
  const history = section.getByRole('list', { name: 'History, latest first' });
  await history.waitFor();
  expect(await history.getByRole('listitem').allTextContents()).toEqual([
    expect.stringMatching(/^Income drop or job loss, recorded by dev-supervisor on /),
    expect.stringMatching(/^Illness or accident \(in hospital since October\), recorded by dev-supervisor on /),
  ]);
  const { body } = await suite.api.as('supervisor').get(`/v1/cases/${CASE}`);
  expect(body.case.overdueReason).toMatchObject({ code: 'income-drop', actor: 'dev-supervisor', source: 'supervisor' });
  await page.getByRole('region', { name: 'Timeline' }).getByRole('row').filter({ hasText: 'overdue reason income-drop recorded by a supervisor' }).waitFor({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test("a promise's date is checked against the business day, as the API counts it, whatever the browser's zone", async () => {
  // The other case: the first test left this one's promise form closed by its open promise.
  const { body } = await suite.api.as('supervisor').get(`/v1/cases/${STALE_CASE}`);
  const businessDay: string = body.case.asOf.slice(0, 10);
  // A zone whose date now is not the business day: behind it before noon UTC, ahead of it after.
  const dateIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const timezoneId = ['Etc/GMT+12', 'Etc/GMT-14'].find((zone) => dateIn(zone) !== businessDay)!;
  const browserDay = dateIn(timezoneId);
  const { page } = await browser.open({ timezoneId });
  await signIn(page, `/console/cases/${STALE_CASE}`, 'Supervisor');
  const promise = page.getByRole('form', { name: 'Promise to pay' });
  await promise.waitFor();
  // The amount is refused either way, so nothing is sent; the date's verdict is the business day's.
  await promise.getByLabel('Amount (CNY)').fill('0');
  const pastDay = [browserDay, businessDay].sort()[0];
  const laterDay = [browserDay, businessDay].sort()[1];
  await promise.getByLabel('Pays by (date)').fill(pastDay);
  await promise.getByRole('button', { name: 'Record the promise' }).click();
  await promise.getByText('Give an amount above zero, at most 2 decimal places.').waitFor();
  expect(await promise.getByText('Choose today or a later day.').count()).toBe(pastDay < businessDay ? 1 : 0);
  await promise.getByLabel('Pays by (date)').fill(laterDay);
  await promise.getByRole('button', { name: 'Record the promise' }).click();
  await promise.getByText('Give an amount above zero, at most 2 decimal places.').waitFor();
  expect(await promise.getByText('Choose today or a later day.').count()).toBe(0);
});

test("a command the API refuses shows the API's reason", async () => {
  const { page, errors } = await browser.open();
  // The page keeps the case as it first read it, while another supervisor pauses it.
  await holdFirstAnswer(page, `**/v1/cases/${STALE_CASE}`);
  await signIn(page, `/console/cases/${STALE_CASE}`, 'Supervisor');
  await page.getByRole('heading', { name: `Case ${STALE_CASE}` }).waitFor();
  const escalate = page.getByRole('form', { name: 'Escalate' });
  expect(await escalate.getByRole('button', { name: 'Escalate' }).isEnabled()).toBe(true);
  await suite.api.as('supervisor').post(`/v1/cases/${STALE_CASE}/commands/pause`).send({ reason: 'on the phone with the debtor' }).expect(200);

  await escalate.getByLabel('Reason', { exact: true }).fill('broken promise');
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  const refusal = escalate.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.textContent()).toBe('The API refused: case is paused; resume it before escalating (CASE_PAUSED)');

  await page.unrouteAll({ behavior: 'wait' });
  await escalate.getByText('The case is paused; resume it before escalating.').waitFor({ timeout: 30_000 });
  expect(await escalate.getByRole('button', { name: 'Escalate' }).isDisabled()).toBe(true);
  expect(errors).toEqual([`Failed to load resource: the server responded with a status of 409 (Conflict) at /v1/cases/${STALE_CASE}/commands/escalate`]);
});

test('the case page says why a case has its grade, the list shows it over the grade, the overview counts the restructured under observation', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, `/console/cases/${STALE_CASE}`, 'Supervisor');
  const why = page.locator('.classification-reason');
  await why.getByText(`Why 次级: restructured on ${RESTRUCTURED_ON}`).waitFor();
  expect(await why.textContent()).toMatch(/observed until \d{4}-\d{2}-\d{2}: at least 次级 \(DPD 3\d alone gives 关注\)$/);
  await page.locator('.figures').getByText(RESTRUCTURED_ON).waitFor();
  await page.goto('/console/cases?classification=次级');
  const grade = page.getByRole('table', { name: 'Cases matching the filters' }).getByRole('row').filter({ hasText: STALE_CASE }).getByRole('cell', { name: '次级' });
  expect(await grade.getAttribute('title')).toMatch(new RegExp(`^restructured on ${RESTRUCTURED_ON}`));
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/console/');
  await page.locator('.tiles > div').filter({ hasText: 'Restructured, under observation' }).locator('dd').getByText('1', { exact: true }).waitFor();
  expect(errors).toEqual([]);
});

test('the case page in Chinese; an auditor sees the contact masked and may not reveal it', async () => {
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await signIn(page, `/console/cases/${CASE}`, '主管', '登录');
  await page.getByRole('heading', { name: `案件 ${CASE}` }).waitFor();
  for (const heading of ['贷款与债务人', '评估', '催收阶梯', '逾期原因', '还款', '联系记录与合规判定', '操作', '时间线']) {
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }
  await page.getByRole('table', { name: '各特征对评分的贡献' }).getByRole('rowheader', { name: '逾期天数' }).waitFor();
  await page.getByRole('form', { name: '委外', exact: true }).waitFor();
  await page.getByRole('form', { name: '记录逾期原因' }).getByLabel('逾期原因').waitFor();
  await page.locator('.classification-reason').getByText(/^分类为关注的依据： DPD \d+: 关注 \(1–90 DPD\)$/).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: '退出登录' }).click();

  await signIn(page, `/console/cases/${CASE}`, '审计员', '登录');
  const reveal = page.getByRole('form', { name: '查看联系方式' });
  await reveal.getByText('仅主管可以查看联系方式。').waitFor();
  expect(await reveal.getByRole('button', { name: '查看' }).isDisabled()).toBe(true);
  expect(await page.content()).not.toContain(contact.phone);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a fraud reason holds the case; the supervisor resolves the review on the case page and the ladder resumes', async () => {
  const loan = overdueLoan({ loanId: 'cw-fraud', nowMs: Date.now(), daysPastDue: 20, timeZone: noonZone() });
  await suite.api.as('supervisor').put('/v1/loans/cw-fraud').send({ loan, contact }).expect(201);
  await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'cw-fraud' }).expect(201);
  const { page, errors } = await browser.open();
  await signIn(page, '/console/cases/case-cw-fraud', 'Supervisor');
  const form = page.getByRole('form', { name: 'Resolve the review' });
  await form.getByText('The case has no fraud review or reported death to resolve.').waitFor();

  const recorded = await suite.api.as('supervisor').post('/v1/cases/case-cw-fraud/commands/record-reason').send({ code: 'fraud', note: 'never took this loan' });
  expect(recorded.body.holds).toEqual([expect.objectContaining({ kind: 'fraud-review' })]);
  await page.reload();
  await page
    .getByRole('region', { name: 'Reason for the arrears' })
    .getByText(/^Fraud or identity theft \(never took this loan\), recorded by supervisor-1 on .* \(a supervisor's record\)$/)
    .waitFor();
  await form.getByLabel('Review').selectOption({ label: 'Fraud or identity theft' });
  await form.getByLabel('Finding').selectOption({ label: 'Not confirmed: resume collection' });
  await form.getByLabel('Reason (optional)').fill('ID check matches the branch file');
  await form.getByRole('button', { name: 'Resolve' }).click();
  await form.getByRole('status').getByText('The review is resolved.').waitFor();
  const { body } = await suite.api.as('supervisor').get('/v1/cases/case-cw-fraud');
  expect(body.case.holds).toEqual([]);
  expect(body.case.recentEvents.map((event: { reason: string }) => event.reason)).toContain(
    'fraud-review review resolved (not-confirmed): ID check matches the branch file; the ladder resumes',
  );
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
