// The reports in Debian's chromium against the real API and FerretDB: a
// strategy owner follows the Reports link to the index (six reports, those with
// a page linked), opens roll rates over two snapshot days written as the
// snapshot writes them and reads the matrix, its rates and the CSV link, picks a
// product, then the NPL page with its chart and migration, and reads it in
// Chinese. Every page is checked by axe-core and must log no console error.
import type { Page } from 'playwright-core';
import { snapshotDayModel, snapshotId, snapshotModel, type CaseSnapshot } from '../../src/db/snapshots';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const browser = consoleBrowser(() => suite.api.app);
const A = '2026-10-31';
const B = '2026-11-30';

function snapshot(day: string, n: number, bucket: string, balance: number, grade: string, product = 'loan'): CaseSnapshot {
  const caseId = `case-console-${n}`;
  return {
    _id: snapshotId(day, caseId), day, caseId, loanId: `console-${n}`, product, bucket, classification: { name: grade, npl: grade === '次级' }, balance,
    currency: 'CNY', dpd: 0, stage: 'collect', strategy: { id: 'default', version: 1, variant: 'champion' }, segment: 'low-risk', agency: null, overdueReason: null,
  };
}

beforeAll(async () => {
  // M1: one to M2, one to M0, one gone (no closure known: closed); M4 (次级) one stays.
  await snapshotModel(suite.db.connection).insertMany([
    snapshot(A, 1, 'M1', 100, '关注', 'credit-card'), snapshot(A, 2, 'M1', 200, '关注'), snapshot(A, 3, 'M1', 300, '关注'), snapshot(A, 4, 'M4', 400, '次级'),
    snapshot(B, 1, 'M2', 100, '关注', 'credit-card'), snapshot(B, 2, 'M0', 200, '正常'), snapshot(B, 4, 'M4', 400, '次级'),
  ]);
  await snapshotDayModel(suite.db.connection).insertMany([A, B].map((day) => ({ _id: day, cases: day === A ? 4 : 3, takenAt: new Date(`${day}T00:00:00Z`) })));
});

const rowTexts = async (page: Page, table: string) =>
  (await page.getByRole('table', { name: table }).locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());

test('a strategy owner reads the report index, roll rates with a product filter and its CSV link, and NPL in both languages', async () => {
  const { page, errors } = await browser.open();
  // Signed in on the strategy pages (a strategy owner's start page), then to the reports by the navigation.
  await page.goto('/console/strategies');
  await page.getByLabel('Strategy owner').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports' }).waitFor();
  expect((await page.locator('.report-list > li').allInnerTexts()).map((text) => text.split('\n')[0].trim())).toEqual([
    'Roll rates', 'Strategy experiments', 'NPL', 'Contact effectiveness', 'Agencies', 'Overdue reasons',
  ]);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Roll rates' }).click();
  const matrix = `Where the cases in each bucket on ${A} are on ${B} (cases)`;
  await page.getByRole('table', { name: matrix }).waitFor();
  const m1 = (await rowTexts(page, matrix)).find((row) => row.startsWith('M1'));
  // M1: 3 cases → M0 1, M2 1, closed 1; forward roll 1/3, cure 1/3.
  expect(m1).toBe('M1 3 1 0 1 0 0 0 0 0 0 1 33.3% 33.3%');
  expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(`/v1/reports/roll-rates?from=${A}&to=${B}&format=csv`);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Product').selectOption('credit-card');
  const answered = page.waitForResponse((response) => response.url().includes('/v1/reports/roll-rates?') && response.url().includes('product=credit-card'));
  await page.getByRole('button', { name: 'Show' }).click();
  await answered;
  await page.getByRole('table', { name: matrix }).getByRole('cell', { name: '100%' }).waitFor();
  expect((await rowTexts(page, matrix)).find((row) => row.startsWith('M1'))).toBe('M1 1 0 0 1 0 0 0 0 0 0 0 100% 0%');

  await page.getByRole('link', { name: 'All reports' }).click();
  await page.getByRole('link', { name: 'NPL' }).click();
  await page.getByRole('table', { name: 'NPL by day' }).waitFor();
  expect(await rowTexts(page, 'NPL by day')).toEqual([`${A} 4 1,000 400 40%`, `${B} 3 700 400 57.1%`]);
  await page.getByRole('img', { name: 'NPL ratio by snapshot day' }).locator('canvas').waitFor();
  expect((await rowTexts(page, `Migration between classifications from ${A} to ${B} (cases)`))[1]).toBe('关注 3 1 1 0 0 0 0 1');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('table', { name: '每日不良' }).waitFor();
  await page.getByRole('link', { name: '下载 CSV' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
