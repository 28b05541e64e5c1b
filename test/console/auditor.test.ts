// The auditor's pages in Debian's chromium against the real API, worker,
// Temporal dev server and FerretDB: an auditor signs in, opens a case by its id,
// replays it and sees a match (in Chinese too, opened from the list); downloads its history; uploads a copy of that
// history with one activity renamed and sees the event where it diverges and
// why; the pages render in Chinese too. axe-core finds no serious violation and
// no page logs a console error.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { noonZone } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ server: 'dev-server' });
const browser = consoleBrowser(() => suite.api.app);
const LOAN_ID = 'audit-ui-1';
const CASE_ID = `case-${LOAN_ID}`;

type HistoryJson = { events: Array<Record<string, unknown> & { eventId: string; eventType: string }> };

beforeAll(async () => {
  const loan = overdueLoan({ loanId: LOAN_ID, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${LOAN_ID}`).send({ loan, contact: { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Road 1' } }).expect(201);
  await suite.api.as('supervisor').post('/v1/cases').send({ loanId: LOAN_ID }).expect(201);
  // The case treats the loan and parks on its follow-up timer: a history with activities in it.
  const handle = suite.env.client.workflow.getHandle(CASE_ID);
  for (let attempt = 0; !(await handle.fetchHistory()).events!.some((event) => event.timerStartedEventAttributes); attempt++) {
    if (attempt === 300) throw new Error('the case never parked on a timer');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

async function signIn(page: Page, path: string, identity: string, submit: string) {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

/** The history with its first scheduled activity renamed: the code deployed now schedules another there. */
function withActivityRenamed(history: HistoryJson): { history: HistoryJson; eventId: string } {
  const events = structuredClone(history.events);
  const scheduled = events.find((event) => event.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
  if (!scheduled) throw new Error('the history schedules no activity');
  (scheduled.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name = 'tamperedActivity';
  return { history: { ...history, events }, eventId: scheduled.eventId };
}

test('an auditor opens a case, replays it and sees a match, downloads its history, and sees where a tampered copy diverges', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, '/console/audit', 'Auditor', 'Sign in');
  await page.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  // The case id is required; then it opens the case's audit page.
  const picker = page.getByRole('form', { name: 'Open a case to audit' });
  await picker.getByRole('button', { name: 'Open' }).click();
  await picker.getByRole('alert').getByText('Enter a case id.').waitFor();
  await picker.getByLabel('Case id').fill(CASE_ID);
  await picker.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('heading', { name: `Audit of case ${CASE_ID}` }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/console/audit/cases/${CASE_ID}`);
  await page.getByRole('region', { name: 'Timeline' }).getByRole('row').nth(1).waitFor();

  const replay = page.getByRole('region', { name: 'Replay' });
  await replay.getByRole('button', { name: 'Replay the case' }).click();
  await replay.getByText('Match: the code deployed now makes the same decisions this history records.').waitFor({ timeout: 60_000 });
  expect(await seriousViolations(page)).toEqual([]);

  const history = page.getByRole('region', { name: 'History' });
  const [download] = await Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: 'Download the history' }).click()]);
  expect(download.suggestedFilename()).toBe(`${CASE_ID}-history.json`);
  const downloaded = JSON.parse(await readFile(await download.path(), 'utf8')) as HistoryJson;
  expect(downloaded.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  expect(downloaded).toEqual((await suite.api.as('auditor').get(`/v1/cases/${CASE_ID}/history`).expect(200)).body);
  await history.getByText(`Downloaded ${CASE_ID}-history.json (${downloaded.events.length} events).`).waitFor();

  // The downloaded file verifies as it is; with an activity renamed, it diverges at that event.
  const check = page.getByRole('region', { name: 'Verify a history file' });
  const upload = async (name: string, content: HistoryJson) => {
    await check.getByLabel('History file (JSON)').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });
    await check.getByRole('button', { name: 'Verify the file' }).click();
  };
  await upload('as-downloaded.json', downloaded);
  await check.getByText(`File as-downloaded.json: workflow ${CASE_ID} (collectionCase).`).waitFor({ timeout: 60_000 });
  await check.getByText('Match: the code deployed now makes the same decisions this history records.').waitFor();

  const tampered = withActivityRenamed(downloaded);
  await upload('tampered.json', tampered.history);
  await check.getByText(`File tampered.json: workflow ${CASE_ID} (collectionCase).`).waitFor({ timeout: 60_000 });
  await check.getByRole('heading', { name: `Diverges at event ${tampered.eventId}` }).waitFor();
  await check.getByText('The code decides differently from the history.').waitFor();
  const fields = Object.fromEntries(
    await check.locator('dl > div').evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent])),
  );
  expect(fields).toEqual({
    'Event type': 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    'The code deployed now': expect.stringMatching(/^scheduled activity type \w+$/),
    'The history holds': expect.stringContaining('activity tamperedActivity'),
  });
  expect(await seriousViolations(page)).toEqual([]);

  // The case's page links back to its audit.
  await page.getByRole('link', { name: 'The case as a supervisor sees it' }).click();
  await page.getByRole('heading', { name: `Case ${CASE_ID}` }).waitFor();
  await page.getByRole('link', { name: 'Audit this case: replay, history' }).click();
  await page.getByRole('heading', { name: `Audit of case ${CASE_ID}` }).waitFor();
  expect(errors).toEqual([]);
});

test('a history file that is not JSON is refused on the page, naming it', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, '/console/audit', 'Auditor', 'Sign in');
  const check = page.getByRole('region', { name: 'Verify a history file' });
  await check.getByLabel('History file (JSON)').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a history') });
  await check.getByRole('button', { name: 'Verify the file' }).click();
  await check.getByRole('alert').getByText(/^The file notes\.txt is not JSON: /).waitFor();
  expect(errors).toEqual([]);
});

test('the auditor pages render in Chinese; a case opens from the list and replays there too', async () => {
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await signIn(page, '/console/audit', '审计员', '登录');
  await page.getByRole('heading', { name: '审计', exact: true }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  // The list of cases opens a case's audit too.
  await page.getByRole('region', { name: '案件' }).getByRole('link', { name: CASE_ID }).click();
  await page.getByRole('heading', { name: `案件 ${CASE_ID} 的审计` }).waitFor();
  const replay = page.getByRole('region', { name: '重放' });
  await replay.getByRole('button', { name: '重放案件' }).click();
  await replay.getByText('一致：当前部署的代码做出与该历史记录相同的决定。').waitFor({ timeout: 60_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: '返回审计' }).click();
  await page.getByRole('heading', { name: '审计', exact: true }).waitFor();
  await page.getByLabel('历史文件（JSON）').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('an agent is told the audit pages are not for them', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, `/console/audit/cases/${CASE_ID}`, 'Agent', 'Sign in');
  await page.getByRole('alert').getByText('Auditing is for auditors (and supervisors may replay a case).').waitFor();
  expect(await page.getByRole('button', { name: 'Replay the case' }).count()).toBe(0);
  expect(errors).toEqual([]);
});
