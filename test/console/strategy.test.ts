// The strategy owner's console in Debian's chromium against the real API, worker,
// Temporal and FerretDB: a strategy owner (who signs in as a supervisor) sees the
// versions and a ladder as tables, writes a new version as JSON, sees a syntax
// error by line and column and the API's schema errors by path (nothing is
// published), publishes the version once it is valid, makes it the default, and
// a case opened afterwards starts on it. An auditor reads in Chinese but may not
// publish. Every page is checked by axe-core and must log no console error.
import type { Page } from 'playwright-core';
import { DEFAULT_STRATEGY, type Strategy } from '../../src/domain';

/** The version of the default strategy the store seeds. */
const SEEDED = DEFAULT_STRATEGY.version;
import { noonZone } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { readJson, startOfPath } from '../../console/src/pages/strategy-json';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);

async function signIn(page: Page, path: string, identity: string, submit = 'Sign in') {
  await page.goto(path);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: submit }).click();
}

const rowTexts = async (page: Page, table: string) =>
  (await page.getByRole('table', { name: table }).locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());

/** The document the owner publishes: one variant (so the new case's variant is certain), a new strategy id. */
function ownerTrial(): Strategy {
  const [champion] = structuredClone(DEFAULT_STRATEGY.variants);
  return { id: 'owner-trial', version: 1, name: 'Owner trial', description: 'Written in the console', variants: [{ ...champion, weight: 100 }] };
}

test('a strategy owner sees the versions and a ladder, is refused a schema error by path, publishes a version, makes it the default, and a new case uses it', async () => {
  const { page, errors } = await browser.open();
  await signIn(page, '/console/strategies', 'Supervisor');
  await page.getByRole('heading', { name: 'Strategies' }).waitFor();
  await page.getByText(`New cases start on default v${SEEDED}.`).waitFor();
  expect(await rowTexts(page, 'Strategy versions')).toEqual([expect.stringMatching(new RegExp(`^default v${SEEDED} ${SEEDED} Default collection ladder .* system .* Default for new cases$`))]);
  expect(await seriousViolations(page)).toEqual([]);

  // The ladder, per variant and segment, with the champion/challenger split.
  await page.getByRole('link', { name: `default v${SEEDED}` }).click();
  await page.getByRole('heading', { name: `Default collection ladder (default v${SEEDED})` }).waitFor();
  expect(await rowTexts(page, 'Share of new cases per variant')).toEqual(['champion Champion 90 90%', 'sms-early-stage Challenger 10 10%']);
  const highRisk = await rowTexts(page, 'Ladder: champion, high-risk');
  expect(highRisk.slice(0, 2)).toEqual([
    '1 dpd1-reminder-us debtor in US letter · template validation-notice app-push · template payment-reminder email · template payment-reminder · then sms phone · template courtesy-call · queue: early-stage · then sms',
    '1 dpd1-reminder Otherwise (none of the above at this DPD) app-push · template payment-reminder email · template payment-reminder · then sms phone · template courtesy-call · queue: early-stage · then sms',
  ]);
  expect(highRisk).toHaveLength(DEFAULT_STRATEGY.variants[0].segments['high-risk'].ladder.length);
  expect(highRisk).toContainEqual(expect.stringMatching(/^60 dpd60-field-visit balance at least 500,000 \(minor units\) field-visit/));
  expect(await rowTexts(page, 'Ladder: sms-early-stage, low-risk')).toContainEqual(expect.stringMatching(/^5 dpd5-second-reminder Always sms/));
  expect(await seriousViolations(page)).toEqual([]);

  // The editor starts from this version, numbered as the next one.
  await page.getByRole('link', { name: 'Edit as a new version' }).click();
  await page.getByRole('heading', { name: 'New strategy version' }).waitFor();
  const editor = page.getByLabel('Strategy document (JSON)');
  expect(JSON.parse(await editor.inputValue())).toEqual({ ...DEFAULT_STRATEGY, version: SEEDED + 1 });
  const publish = page.getByRole('button', { name: 'Publish version' });

  // A syntax error is found as it is typed, by line and column, and nothing can be sent.
  const draft = JSON.stringify(ownerTrial(), null, 2);
  await editor.fill(draft.replace('"name": "Owner trial",', '"name": "Owner trial",,'));
  await page.getByText('JSON syntax error at line 4, column 25: unexpected ",".').waitFor();
  expect(await publish.isDisabled()).toBe(true);
  expect(await editor.getAttribute('aria-invalid')).toBe('true');

  // A schema error: the API refuses it, and the page names the field by its path, beside the editor.
  const broken = ownerTrial();
  broken.variants[0].segments['high-risk'].ladder[2].atDpd = -4;
  const brokenText = JSON.stringify(broken, null, 2);
  await editor.fill(brokenText);
  await page.getByText('The JSON is well formed.').waitFor();
  await publish.click();
  const problems = page.getByRole('alert').filter({ hasText: 'The API refused the strategy: 2 problem(s)' });
  await problems.waitFor();
  const line = brokenText.slice(0, brokenText.indexOf('"atDpd": -4')).split('\n').length;
  expect(await problems.getByRole('listitem').allInnerTexts()).toEqual([
    `variants.0.segments.high-risk.ladder.2.atDpd: Too small: expected number to be >=0 Go to line ${line}`,
    `variants.0.segments.high-risk.ladder.2.atDpd: must not be less than 1, the atDpd of the step before it (dpd1-reminder) Go to line ${line}`,
  ]);
  // Its button puts the caret on the line where that value is.
  await problems.getByRole('button', { name: `Go to line ${line}` }).first().click();
  await page.getByText(`Line ${line}, column`).waitFor();
  // The textarea scrolls to that line (the page does not: the editor keeps its height).
  const shown = `(() => {
    const editor = document.querySelector('textarea.json');
    const y = (${line} - 1) * parseFloat(getComputedStyle(editor).lineHeight);
    return editor.scrollHeight > editor.clientHeight && editor.scrollTop <= y && y < editor.scrollTop + editor.clientHeight;
  })()`;
  expect(await page.evaluate(shown)).toBe(true);
  expect(await page.evaluate('document.activeElement?.tagName')).toBe('TEXTAREA');
  expect(await seriousViolations(page)).toEqual([]);
  const stored = await suite.api.as('auditor').get('/v1/strategies');
  expect(stored.body.strategies.map((row: { id: string }) => row.id)).toEqual(['default']);

  // Valid now: published, shown, and made the default.
  await editor.fill(draft);
  await publish.click();
  await page.waitForURL(/\/console\/strategies\/owner-trial\/versions\/1\?published=1$/);
  await page.getByRole('heading', { name: 'Owner trial (owner-trial v1)' }).waitFor();
  await page.getByRole('status').getByText('The version is published.', { exact: false }).waitFor();
  await page.getByText(`Not the default: new cases start on default v${SEEDED}.`).waitFor();
  expect(await rowTexts(page, 'Share of new cases per variant')).toEqual(['champion Champion 100 100%']);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Make it the default' }).click();
  await page.getByRole('status').getByText('New cases now start on owner-trial v1.').waitFor();
  await page.getByText('This is the default: new cases start on it.').waitFor();
  expect((await suite.api.as('auditor').get('/v1/strategies')).body.defaultStrategy).toEqual({ id: 'owner-trial', version: 1 });

  await page.getByRole('link', { name: 'Back to strategies' }).click();
  await page.getByText('New cases start on owner-trial v1.').waitFor();
  const [shipped, trial, ...none] = await rowTexts(page, 'Strategy versions');
  expect(none).toEqual([]);
  expect(shipped).toMatch(new RegExp(`^default v${SEEDED} ${SEEDED} Default collection ladder `));
  expect(shipped).not.toContain('Default for new cases');
  expect(trial).toMatch(/^owner-trial v1 1 Owner trial Written in the console dev-supervisor .* Default for new cases$/);

  // A case opened now starts on the new default.
  const loan = overdueLoan({ loanId: 'owner-1', nowMs: Date.now(), daysPastDue: 5, timeZone: noonZone() });
  await suite.api.as('supervisor').put('/v1/loans/owner-1').send({ loan, contact: { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Road 1' } }).expect(201);
  await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'owner-1' }).expect(201);
  const opened = await suite.api.as('supervisor').get('/v1/cases/case-owner-1').expect(200);
  expect(opened.body.case.strategy).toEqual({ id: 'owner-trial', version: 1, variant: 'champion' });
  // The version's page leads to its cases; the list follows the read model, which the case writes as it starts.
  await page.getByRole('link', { name: 'owner-trial v1' }).click();
  await page.getByRole('link', { name: 'Cases on this version' }).click();
  await page.waitForURL(/\/console\/cases\?strategyVersion=owner-trial%401$/);
  await page.getByRole('table', { name: 'Cases matching the filters' }).getByRole('link', { name: 'case-owner-1' }).waitFor({ timeout: 30_000 });

  // The one error the page logs is the browser's note of the refused publication.
  expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) at /v1/strategies']);
});

test('an auditor reads the strategies in Chinese and English, and may not publish or choose the default', async () => {
  // Another version is the default, so this one offers the choice, which an auditor may not make.
  await suite.api.as('supervisor').post('/v1/strategies').send({ ...DEFAULT_STRATEGY, id: 'later', name: 'Later' }).expect(201);
  await suite.api.as('supervisor').put('/v1/strategies/default').send({ id: 'later', version: SEEDED }).expect(200);
  const { page, errors } = await browser.open({ locale: 'zh-CN' });
  await signIn(page, `/console/strategies/default/versions/${SEEDED}`, '审计员', '登录');
  await page.getByRole('heading', { name: `Default collection ladder（default v${SEEDED}）` }).waitFor();
  await page.getByRole('table', { name: '催收阶梯：champion，high-risk' }).waitFor();
  expect(await rowTexts(page, '各变体分得的新案件比例')).toEqual(['champion 冠军 90 90%', 'sms-early-stage 挑战者 10 10%']);
  await page.getByText(`不是默认版本：新案件使用 later v${SEEDED}。`).waitFor();
  const makeDefault = page.getByRole('button', { name: '设为默认' });
  expect(await makeDefault.isDisabled()).toBe(true);
  expect(await makeDefault.getAttribute('aria-describedby')).toBe('default-role');
  await page.getByText('发布版本和选择默认版本需要策略负责人或主管权限。').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: '以此为基础编写新版本' }).click();
  await page.getByRole('heading', { name: '新的策略版本' }).waitFor();
  expect(await page.getByRole('button', { name: '发布版本' }).isDisabled()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('heading', { name: 'New strategy version' }).waitFor();
  await page.getByRole('link', { name: 'Back to strategies' }).click();
  await page.getByRole('heading', { name: 'Strategies' }).waitFor();
  await page.getByRole('table', { name: 'Strategy versions' }).getByRole('link', { name: `default v${SEEDED}` }).waitFor();
  expect(await page.getByRole('link', { name: 'Write a new version' }).count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

describe("the editor's JSON reading", () => {
  test('reads what JSON.parse reads, and refuses what it refuses, at the first character that does not fit', () => {
    const text = JSON.stringify({ ...DEFAULT_STRATEGY, note: 'tab\t "quoted" \u00e9 中文', n: [-0.5e3, 0, 1e-2, true, false, null, {}, []] }, null, 2);
    const read = readJson(text);
    expect(read.ok && read.value).toEqual(JSON.parse(text));
    const refused: [string, { line: number; column: number; found?: string }][] = [
      ['{"a": 1,}', { line: 1, column: 9, found: '}' }],
      ['{\n  "a": [1, 2\n}', { line: 3, column: 1, found: '}' }],
      ['{"a": "open', { line: 1, column: 12, found: undefined }],
      ['{"a": "bad \\x escape"}', { line: 1, column: 12, found: '\\' }],
      ['{"a": 01}', { line: 1, column: 8, found: '1' }],
      ["{'a': 1}", { line: 1, column: 2, found: "'" }],
      ['{"a": 1} x', { line: 1, column: 10, found: 'x' }],
      ['', { line: 1, column: 1, found: undefined }],
    ];
    for (const [bad, place] of refused) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(readJson(bad)).toEqual({ ok: false, problem: expect.objectContaining(place) });
    }
  });

  test("finds where the value an API error names starts, or the nearest value around it", () => {
    const text = '{\n  "variants": [\n    { "name": "champion", "weight": 0 }\n  ]\n}';
    const read = readJson(text);
    if (!read.ok) throw new Error('the text is valid JSON');
    expect(startOfPath(read.starts, 'body.variants.0.weight')).toBe(text.indexOf('0 }'));
    expect(startOfPath(read.starts, 'body.variants.0.segments')).toBe(text.indexOf('{ "name"'));
    expect(startOfPath(read.starts, 'body')).toBe(0);
  });
});
