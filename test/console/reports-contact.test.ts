// The contact, agency and overdue-reason report pages in Debian's chromium against
// the real API and FerretDB: a strategy owner opens the agencies league for a
// window named in the URL and sees the table, the chart and the CSV link for the
// same window; changing the window in the form changes the URL and the figures;
// the reasons page reads in Chinese. Every page is checked by axe-core and must
// log no console error.
import type { Page } from 'playwright-core';
import { auditModel, type AuditRecord } from '../../src/db/audit';
import { contactModel } from '../../src/db/contacts';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const browser = consoleBrowser(() => suite.api.app);
const day = (date: number) => new Date(Date.UTC(2026, 10, date));

const event = (caseId: string, seq: number, type: AuditRecord['type'], at: Date, data: Record<string, unknown>): AuditRecord => ({
  _id: `${caseId}:${seq}`, caseId, loanId: caseId.slice(5), seq, at, type, actor: 'system', reason: type, data,
});

beforeAll(async () => {
  const placement = (caseId: string, agency: string, balance: number, at: Date) => ({
    _id: `${caseId}:1`, idempotencyKey: `${caseId}:1`, caseId, loanId: caseId.slice(5), debtorRef: `debtor-${caseId}`, seq: 1, step: 'dpd60-agency',
    channel: 'agency', purpose: 'collection', status: 'sent', outcome: 'delivered', agency, providerRef: `${caseId}:placement:1`, balance, at, updatedAt: new Date(),
  });
  await contactModel(suite.db.connection).insertMany([
    placement('case-ui-1', 'Acme', 100_000, day(3)),
    placement('case-ui-2', 'Beta', 80_000, day(4)),
    placement('case-ui-3', 'Acme', 50_000, day(20)),
  ]);
  await auditModel(suite.db.connection).insertMany([
    event('case-ui-1', 2, 'payment', day(5), { amount: 25_000 }),
    event('case-ui-2', 2, 'payment', day(10), { amount: 8_000 }),
    event('case-ui-2', 3, 'action', day(12), { channel: 'agency', status: 'recalled', placementRef: 'case-ui-2:placement:1', reason: 'disputed' }),
    event('case-ui-4', 2, 'reason', day(6), { code: 'unemployment', source: 'agent' }),
    event('case-ui-5', 2, 'reason', day(7), { code: 'illness', source: 'agent' }),
    event('case-ui-5', 3, 'closed', day(9), { outcome: 'cured' }),
  ]);
});

async function signIn(page: Page, path: string, identity: string) {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const rowTexts = async (page: Page, table: string) =>
  (await page.getByRole('table', { name: table }).locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());

test('a strategy owner reads the agencies league for the window in the URL, with its chart and CSV link, and narrows the window in the form', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, '/console/reports/agencies?from=2026-11-01&to=2026-11-30', 'Strategy owner');
  await page.getByRole('heading', { name: 'Agencies' }).waitFor();
  await page.getByRole('table', { name: 'Agencies' }).waitFor();
  expect(await rowTexts(page, 'Agencies')).toEqual(['Acme 2 150,000 25,000 16.7% 2 —', 'Beta 1 80,000 8,000 10% 6 disputed: 1']);
  // The chart is drawn (ECharts, loaded with the page) beside a table of the same rates.
  await page.getByRole('img', { name: 'Recovery rate by agency' }).locator('canvas').waitFor();
  expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/v1/reports/agencies?from=2026-11-01&to=2026-11-30&format=csv');
  const download = await page.request.get('/v1/reports/agencies?from=2026-11-01&to=2026-11-30&format=csv');
  expect(download.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect((await download.text()).split('\r\n')[1]).toBe('Acme,2,150000,0,25000,0.1667,1,2,0');
  expect(await seriousViolations(page)).toEqual([]);

  // From the 10th: only Acme's second placement, not paid yet.
  await page.getByLabel('From').fill('2026-11-10');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL('**/console/reports/agencies?from=2026-11-10&to=2026-11-30');
  await page.getByRole('cell', { name: '50,000', exact: true }).waitFor();
  expect(await rowTexts(page, 'Agencies')).toEqual(['Acme 1 50,000 0 0% — —']);

  // The contact report's page: no contacts in this store, so its tables are empty, and it says so of the promises.
  await page.goto('/console/reports/contacts?from=2026-11-01&to=2026-11-30');
  await page.getByRole('heading', { name: 'Contact effectiveness' }).waitFor();
  await page.getByText('Promises to pay: 0 kept, 0 broken (— kept)').waitFor();
  expect(await rowTexts(page, 'Right-party contact by channel')).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the overdue reasons read in Chinese, with the cure rate by reason', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, '/console/reports/reasons?from=2026-11-01&to=2026-11-30', 'Supervisor');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('heading', { name: '逾期原因' }).waitFor();
  // The heading shows before the report has loaded: wait for its rows.
  await page.getByRole('table', { name: '逾期原因' }).getByRole('cell', { name: '100%', exact: true }).waitFor();
  expect(await rowTexts(page, '逾期原因')).toEqual(['illness 1 1 1 1 100%', 'unemployment 1 1 0 0 0%']);
  await page.getByRole('img', { name: '按最新逾期原因的案件数' }).locator('canvas').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
