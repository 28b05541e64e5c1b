// The strategy experiments page in chromium against the real API and FerretDB, on a
// synthetic experiment: the variants' cure rates with intervals, the verdicts, the
// CSV link and the chart; a challenger that is not better is promoted only after an
// explicit "I decide otherwise"; the page in Chinese. axe-core checks every state.
import type { Page } from 'playwright-core';
import { DEFAULT_STRATEGY } from '../../src/domain';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { experimentArm, insertExperiment } from '../support/experiments';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const browser = consoleBrowser(() => suite.api.app);
const CHALLENGER = DEFAULT_STRATEGY.variants[1].name;

beforeAll(async () => {
  // The challenger cures 52 of 100 against 48: no real difference.
  await insertExperiment(suite.db.connection, [
    experimentArm('default', DEFAULT_STRATEGY.version, 'champion', 100, 48),
    experimentArm('default', DEFAULT_STRATEGY.version, CHALLENGER, 100, 52),
  ]);
});

async function signIn(page: Page, path: string, identity: string, submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

test('a supervisor reads the experiment, downloads it, and promotes a challenger that is not better only after deciding otherwise', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, '/console/reports/experiments?strategy=default', 'Supervisor');
  await page.getByRole('heading', { name: 'Strategy experiments' }).waitFor();
  const caption = new RegExp(`^Variants of default v${DEFAULT_STRATEGY.version}, entered in \\d{4}-\\d{2}$`);
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  const rows = (await table.locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
  expect(rows[0]).toMatch(/^champion 100 0% \(0%–3\.7%\), n = 100 48% \(38\.5%–57\.7%\), n = 100 48% .* 500 5 10 champion$/);
  expect(rows[1]).toContain('no difference yet (p = 0.572) — day 90, z = 0.57');
  await page.getByRole('img', { name: /^Cure rates by day 90 with 95% intervals/ }).waitFor();
  expect(await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).toBe('/v1/reports/experiments?strategy=default&format=csv');
  expect(await seriousViolations(page)).toEqual([]);

  const promote = page.getByRole('button', { name: 'Promote' });
  await page.getByText('Promotion is for a challenger the test calls better; this one is: no difference yet (p = 0.572).').waitFor();
  await page.getByLabel('Why').fill('cheaper per cure; we accept the risk');
  expect(await promote.isDisabled()).toBe(true);
  await page.getByLabel('I decide otherwise: promote it despite the verdict').check();
  await promote.click();
  await page.getByText(`Version ${DEFAULT_STRATEGY.version + 1} of default now has ${CHALLENGER}'s ladders as its champion`).waitFor();
  const stored = await suite.api.as('auditor').get(`/v1/strategies/default/versions/${DEFAULT_STRATEGY.version + 1}`);
  expect(stored.body.promotion).toMatchObject({ reason: 'cheaper per cure; we accept the risk', figures: { test: { verdict: { kind: 'no-difference' } } } });
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the page in Chinese', async () => {
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await signIn(page, '/console/reports/experiments?strategy=default', '主管', '登录');
  await page.getByRole('heading', { name: '策略实验' }).waitFor();
  await page.getByRole('table', { name: new RegExp(`^default v${DEFAULT_STRATEGY.version} 的变体`) }).waitFor();
  await page.getByRole('link', { name: '下载 CSV' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
