// Bulk actions and the portfolio's day in Debian's chromium against the real
// API, worker, Temporal and FerretDB: a supervisor selects cases in the list
// (by mouse and keyboard, or the whole page), pauses them with a reason and
// assigns them to an agency in bulk, watches the progress complete, sees the
// cases changed in the list and through the API, and each case that refused
// listed with the API's reason while the others went through; cancelling stops
// the sending and says how many were not sent. The overview shows today's
// contacts by channel and the compliance guard's deferrals by rule, as the API
// counts them. Both languages render; axe-core finds no serious violation; the
// only console errors are the refusals' 409s.
import type { Page } from 'playwright-core';
import { BULK_CONCURRENCY, runBulk, type BulkProgress } from '../../console/src/components/bulk-run';
import { overdueLoan } from '../support/loans';
import { noonZone } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const CONTACT = { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Road 1' };
const LOANS = ['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-5', 'bulk-6', 'bulk-night'];
const caseOf = (loanId: string) => `case-${loanId}`;

/** A zone where it is about 02:00 now: the guard's quiet hours defer the first contact. */
function nightZone(): string {
  const offset = ((2 - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Polls `read` until `done` holds for what it returns, for at most 30 s. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (done(value)) return value;
    if (attempt === 300) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const caseView = async (caseId: string) => (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.case;

beforeAll(async () => {
  for (const loanId of LOANS) {
    const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 12, timeZone: loanId === 'bulk-night' ? nightZone() : noonZone() });
    await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: CONTACT }).expect(201);
    await suite.api.as('supervisor').post('/v1/cases').send({ loanId }).expect(201);
  }
  await eventually(async () => (await suite.api.as('supervisor').get('/v1/cases')).body.cases.length, (n) => n === LOANS.length, 'the cases reaching the read model');
});

async function signIn(page: Page, path: string, identity = 'Supervisor', submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

const casesTable = (page: Page) => page.getByRole('table', { name: 'Cases matching the filters' });
const row = (page: Page, caseId: string) => casesTable(page).getByRole('row').filter({ has: page.getByRole('link', { name: caseId, exact: true }) });
const refusal = (caseId: string, command: string) => `Failed to load resource: the server responded with a status of 409 (Conflict) at /v1/cases/${caseId}/commands/${command}`;

test('a supervisor pauses selected cases in bulk: progress completes, the cases are paused, and a case already paused shows its reason without stopping the others', async () => {
  await suite.api.as('supervisor').post(`/v1/cases/${caseOf('bulk-1')}/commands/pause`).send({ reason: 'paused by a colleague' }).expect(200);
  const { page, errors } = await browser.open();
  const listed = page.waitForRequest((request) => new URL(request.url()).pathname === '/v1/cases');
  await signIn(page, '/console/cases?sort=caseId');
  await row(page, caseOf('bulk-1')).waitFor();
  // With no status chosen the list is of open cases, which the API serves from its index of open cases.
  expect(new URL((await listed).url()).searchParams.get('status')).toBe('open');
  expect(await page.getByLabel('Status').evaluate((select) => (select as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0].text)).toBe('Open');
  const bulk = page.getByRole('region', { name: 'Bulk actions' });
  const pause = bulk.getByRole('form', { name: 'Pause the selected cases' });
  await pause.getByText('Select cases in the list first.').waitFor();
  expect(await pause.getByRole('button', { name: 'Pause 0 cases' }).isDisabled()).toBe(true);

  // One by the mouse, one by the keyboard; "Select all on this page" selects every row, and clears them again.
  await page.getByLabel(`Select ${caseOf('bulk-2')}`).check();
  await page.getByLabel(`Select ${caseOf('bulk-3')}`).focus();
  await page.keyboard.press('Space');
  await bulk.getByText('2 selected on this page.').waitFor();
  const everyRow = page.getByLabel('Select all cases on this page');
  expect(await everyRow.evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate)).toBe(true);
  // From some selected, the page's box selects every row; then none.
  await everyRow.click();
  await bulk.getByText(`${LOANS.length} selected on this page.`).waitFor();
  await everyRow.uncheck();
  await bulk.getByText('0 selected on this page.').waitFor();
  await everyRow.focus();
  await page.keyboard.press('Space');
  await bulk.getByText(`${LOANS.length} selected on this page.`).waitFor();
  await page.getByLabel(`Select ${caseOf('bulk-night')}`).uncheck();
  await bulk.getByText('6 selected on this page.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await pause.getByRole('button', { name: 'Pause 6 cases' }).click();
  await pause.getByText('Give a reason (up to 500 characters).').waitFor();
  await pause.getByLabel('Reason', { exact: true }).fill('hardship review');
  await pause.getByRole('button', { name: 'Pause 6 cases' }).click();

  // Six cases, four at a time: the refusal of the first does not stop the fifth and sixth.
  const progress = page.getByRole('region', { name: 'Progress of the bulk action' });
  await progress.getByRole('status').getByText('6 of 6 done. Finished: 5 taken, 1 refused.').waitFor({ timeout: 30_000 });
  expect(await progress.getByRole('progressbar').evaluate((bar) => [(bar as unknown as { value: number }).value, (bar as unknown as { max: number }).max])).toEqual([6, 6]);
  const refused = progress.getByRole('list', { name: "Refused, with the API's reason" }).getByRole('listitem');
  expect(await refused.allTextContents()).toEqual([expect.stringMatching(new RegExp(`^${caseOf('bulk-1')}: .*already paused.*\\(ALREADY_PAUSED\\)`))]);
  expect(await progress.getByRole('button', { name: 'Cancel' }).count()).toBe(0);

  // The API has them paused with the reason; the list shows them paused once the read model follows.
  for (const loanId of ['bulk-2', 'bulk-3', 'bulk-4', 'bulk-5', 'bulk-6']) {
    expect((await caseView(caseOf(loanId))).paused).toMatchObject({ reason: 'hardship review', actor: 'dev-supervisor' });
    await row(page, caseOf(loanId)).getByRole('cell', { name: 'Paused' }).waitFor({ timeout: 30_000 });
  }
  expect((await caseView(caseOf('bulk-1'))).paused).toMatchObject({ reason: 'paused by a colleague' });
  expect((await caseView(caseOf('bulk-night'))).paused).toBeNull();
  // The cases that took the pause leave the selection; the refused one stays selected.
  await bulk.getByText('1 selected on this page.').waitFor();
  expect(await page.getByLabel(`Select ${caseOf('bulk-1')}`).isChecked()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([refusal(caseOf('bulk-1'), 'pause')]);
});

test('a supervisor assigns selected cases to an agency in bulk; a case already with an agency shows its reason', async () => {
  await suite.api.as('supervisor').post(`/v1/cases/${caseOf('bulk-4')}/commands/assign-agency`).send({ agency: 'Acme Collections' }).expect(200);
  const { page, errors } = await browser.open();
  await signIn(page, '/console/cases?sort=caseId');
  await row(page, caseOf('bulk-4')).getByRole('cell', { name: 'Acme Collections' }).waitFor({ timeout: 30_000 });
  await page.getByLabel(`Select ${caseOf('bulk-4')}`).check();
  await page.getByLabel(`Select ${caseOf('bulk-5')}`).check();

  const assign = page.getByRole('form', { name: 'Assign the selected cases to an agency' });
  // The agencies the page's cases are with are offered.
  expect(await assign.locator('datalist option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(['Acme Collections']);
  await assign.getByRole('button', { name: 'Assign 2 cases' }).click();
  await assign.getByText('Name the agency (up to 100 characters).').waitFor();
  await assign.getByLabel('Agency to assign').fill('Northgate Credit');
  await assign.getByRole('button', { name: 'Assign 2 cases' }).click();

  const progress = page.getByRole('region', { name: 'Progress of the bulk action' });
  await progress.getByRole('status').getByText('2 of 2 done. Finished: 1 taken, 1 refused.').waitFor({ timeout: 30_000 });
  expect(await progress.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^${caseOf('bulk-4')}: .*already with agency Acme Collections.*\\(AGENCY_ASSIGNED\\)`))]);
  expect((await caseView(caseOf('bulk-5'))).agency).toMatchObject({ name: 'Northgate Credit' });
  expect((await caseView(caseOf('bulk-4'))).agency).toMatchObject({ name: 'Acme Collections' });
  await row(page, caseOf('bulk-5')).getByRole('cell', { name: 'Northgate Credit' }).waitFor({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([refusal(caseOf('bulk-4'), 'assign-agency')]);
});

test('cancel stops sending: the commands already sent finish and count, the rest are reported as not sent', async () => {
  const { page, errors } = await browser.open();
  // The first commands sent are held until the supervisor has cancelled.
  const sent: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/commands/pause', async (route) => {
    sent.push(new URL(route.request().url()).pathname.split('/')[3]);
    await released;
    await route.continue();
  });
  await signIn(page, '/console/cases?sort=caseId');
  await row(page, caseOf('bulk-6')).waitFor();
  await page.getByLabel('Select all cases on this page').check();
  const pause = page.getByRole('form', { name: 'Pause the selected cases' });
  await pause.getByLabel('Reason', { exact: true }).fill('portfolio review');
  await pause.getByRole('button', { name: `Pause ${LOANS.length} cases` }).click();

  const progress = page.getByRole('region', { name: 'Progress of the bulk action' });
  await progress.getByRole('status').getByText(`0 of ${LOANS.length} done.`).waitFor();
  await eventually(async () => sent.length, (n) => n === 4, 'four commands in flight');
  expect(await pause.getByRole('button', { name: `Pause ${LOANS.length} cases` }).isDisabled()).toBe(true);
  await pause.getByText('A bulk action is running.').waitFor();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  release();

  await progress.getByRole('status').getByText(`4 of ${LOANS.length} done. Finished: 0 taken, 4 refused. Cancelled: 3 not sent.`).waitFor({ timeout: 30_000 });
  expect(sent).toEqual(['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map(caseOf));
  // The night case was not sent the pause: it is not paused.
  expect((await caseView(caseOf('bulk-night'))).paused).toBeNull();
  expect(errors.sort()).toEqual(['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map((loanId) => refusal(caseOf(loanId), 'pause')));
});

test("the overview shows today's contacts by channel and the guard's deferrals by rule, in both languages", async () => {
  // The night case's first message waits for the morning: the guard deferred it.
  const today = await eventually(
    async () => (await suite.api.as('supervisor').get('/v1/portfolio/today')).body,
    (body) => Object.keys(body.deferralsByRule ?? {}).length > 0 && Object.keys(body.byChannel ?? {}).length > 0,
    "today's contacts and a deferral",
  );
  const { page, errors } = await browser.open();
  await signIn(page, '/console/');
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();

  const actions = page.getByRole('table', { name: "Today's contact attempts by channel" });
  await actions.waitFor();
  expect(await actions.getByRole('columnheader').allTextContents()).toEqual(['Channel', 'Made', 'Planned', 'Deferred', 'Denied', 'Failed']);
  // The page read the day after the API did above: every channel is there, and a channel's attempts only grow.
  const cells = (table: typeof actions) => table.getByRole('row').evaluateAll((rows) => rows.slice(1).map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
  const shown = await cells(actions);
  expect(shown.map(([channel]) => channel).sort()).toEqual(Object.keys(today.byChannel).sort());
  const total = (figures: number[]) => figures.reduce((sum, figure) => sum + figure, 0);
  for (const [channel, ...figures] of shown) expect(total(figures.map(Number))).toBeGreaterThanOrEqual(total(Object.values<number>(today.byChannel[channel])));
  const deferrals = page.getByRole('table', { name: 'Contact attempts the compliance guard deferred today, by rule' });
  const deferred = Object.fromEntries((await cells(deferrals)).map(([rule, count]) => [rule, Number(count)]));
  for (const [rule, count] of Object.entries<number>(today.deferralsByRule)) expect(deferred[rule]).toBeGreaterThanOrEqual(count);
  expect(await page.getByRole('heading', { name: 'Guard deferrals today' }).count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('heading', { name: '今日催收动作' }).waitFor();
  await page.getByRole('table', { name: '今日被合规检查推迟的触达尝试（按规则）' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: '案件', exact: true }).click();
  await page.getByRole('heading', { name: '批量操作' }).waitFor();
  await page.getByLabel('选择本页全部案件').check();
  await page.getByRole('button', { name: `暂停 ${LOANS.length} 件案件` }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

describe('the bulk loop (console/src/components/bulk-run.ts)', () => {
  const ids = Array.from({ length: 10 }, (_, i) => `case-${i}`);

  test('at most four commands are in flight; every answer is counted once, refusals and errors with their reason', async () => {
    let inFlight = 0;
    let most = 0;
    const reports: BulkProgress[] = [];
    const finished = await runBulk(
      ids,
      async (caseId) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        if (caseId === 'case-3') return 'refused (ALREADY_PAUSED)';
        if (caseId === 'case-7') throw new Error('network down');
        return undefined;
      },
      (progress) => reports.push(progress),
      () => false,
    );
    expect(most).toBe(BULK_CONCURRENCY);
    expect(reports[0]).toMatchObject({ total: 10, done: 0, running: true });
    expect(reports.map((progress) => progress.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    expect(finished).toMatchObject({ total: 10, done: 10, running: false, cancelled: false, notSent: [] });
    expect(finished.succeeded.sort()).toEqual(ids.filter((id) => id !== 'case-3' && id !== 'case-7').sort());
    expect(finished.failures).toEqual([
      { caseId: 'case-3', reason: 'refused (ALREADY_PAUSED)' },
      { caseId: 'case-7', reason: 'network down' },
    ]);
  });

  test('a cancel stops sending: what was sent is counted, the rest is not sent', async () => {
    const sent: string[] = [];
    let cancel = false;
    const finished = await runBulk(
      ids,
      async (caseId) => {
        sent.push(caseId);
        if (sent.length === 5) cancel = true;
        await new Promise((resolve) => setImmediate(resolve));
        return undefined;
      },
      () => undefined,
      () => cancel,
    );
    expect(sent).toEqual(ids.slice(0, 5));
    expect(finished).toMatchObject({ done: 5, cancelled: true, running: false, notSent: ids.slice(5) });
  });
});
