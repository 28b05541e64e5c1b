// The console in Debian's chromium: how soon a supervisor sees the case list's
// first 50 rows after navigating to it, with the read model filled to --console
// cases (synthetic records copied from a real case, as the lists scenario fills
// it, removed afterwards; in the embedded mode the API lists open cases from its
// in-process index, reloaded after the fill, as npm start runs it). Two views:
// the list as it opens (open cases, which the index answers) and every status
// (status=all, which the store answers). Timed in the page:
// performance.now() (0 = the navigation's start) at the first frame with 50 rows
// laid out. Cold: a fresh browser context each run (no cache, the JavaScript
// fetched); warm: the same context navigating again, as a supervisor coming back.
// Also the JavaScript the console ships, gzipped (level 9): all of it, and what
// each main page loads.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { CONSOLE_BUILD_DIR } from '../../src/api/console';
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { SESSION_COOKIE, signDevToken, type Role } from '../../src/security/auth';
import type { BenchApi } from '../api';
import type { BenchFlags } from '../flags';
import { latencyOf, type Latency } from '../measure';
import type { BenchStack } from '../stack';
import { topUpOpenCases } from './commands';
import { fillTo, removeSynthetic } from './lists';

const CHROMIUM = '/usr/bin/chromium';
const ROWS = 50;
/**
 * The list as it opens (open cases, which the embedded mode answers from the API's in-process index) and
 * every status (status=all: GET /v1/cases without a status, which the store answers).
 */
const VIEWS = { open: '/console/cases', all: '/console/cases?status=all' } as const;
const VIEWPORT = { width: 1280, height: 800 };
type Rows = ArrayLike<{ getBoundingClientRect(): { height: number } }>;
/**
 * Runs in the page, each frame: the time since the navigation started once `rows` rows are laid out, else false.
 * A function, not a string: the console's CSP refuses eval.
 */
const rowsShown = (rows: number) => {
  const list = (globalThis as unknown as { document: { querySelectorAll(selector: string): Rows } }).document.querySelectorAll('main table tbody tr');
  return list.length >= rows && list[rows - 1].getBoundingClientRect().height > 0 ? performance.now() : false;
};

export async function consoleScenario(stack: BenchStack, flags: BenchFlags, api: BenchApi | undefined) {
  if (!api) throw new Error('bench: the console scenario needs the API, which serves the console');
  if (!existsSync(path.join(CONSOLE_BUILD_DIR, 'index.html'))) throw new Error('bench: the console is not built (npm run console:build)');
  if (!existsSync(CHROMIUM)) throw new Error(`bench: ${CHROMIUM} is missing (scripts/install.sh installs it, as root)`);
  const Case = caseModel(stack.database);
  await topUpOpenCases(stack, flags, Math.min(flags.console, 20));
  const template = await Case.findOne({ caseId: { $lt: 'case-synthetic-' } }).lean<CaseRecord>();
  if (!template) throw new Error('bench: the read model is empty; no case to copy for synthetic records');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const syntheticRecords = await fillTo(stack, template, flags.console);
    const cases = await Case.estimatedDocumentCount();
    const { listsFrom } = await api.reloadCaseList();
    const signedIn = async (roles: Role[]) => {
      const context = await browser.newContext({ baseURL: api.base, viewport: VIEWPORT });
      const token = await signDevToken(stack.config, { sub: 'bench-console', roles, expiresIn: '1h' });
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url: api.base, httpOnly: true, sameSite: 'Strict' }]);
      return context;
    };

    const timeToFirstRows: Record<string, { path: string; cold: Latency; warm: Latency }> = {};
    for (const [view, listPath] of Object.entries(VIEWS)) {
      const cold: number[] = [];
      for (let run = 0; run < flags.consoleRuns; run++) {
        const context = await signedIn(['supervisor']);
        cold.push(await timeToRows(context, listPath));
        await context.close();
      }
      const warm: number[] = [];
      const context = await signedIn(['supervisor']);
      await timeToRows(context, listPath); // fills the cache
      for (let run = 0; run < flags.consoleRuns; run++) warm.push(await timeToRows(context, listPath));
      await context.close();
      timeToFirstRows[view] = { path: listPath, cold: latencyOf(cold), warm: latencyOf(warm) };
    }

    return {
      cases,
      syntheticRecords,
      listedFrom: listsFrom,
      rows: ROWS,
      timeToFirstRows,
      javascript: await shippedJavaScript(signedIn, template.caseId),
    };
  } finally {
    await browser.close();
    await removeSynthetic(stack);
    await api.reloadCaseList();
  }
}

async function timeToRows(context: BrowserContext, listPath: string): Promise<number> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(listPath, { waitUntil: 'commit' });
  const shown = await page.waitForFunction(rowsShown, ROWS, { polling: 'raf', timeout: 120_000 });
  const ms = Number(await shown.jsonValue());
  // Off the page before the next run, so its 5-second refresh does not queue behind the next navigation.
  await page.goto('about:blank');
  return ms;
}

const gzipped = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length;

/** Every script in console/dist/assets gzipped, and the scripts each main page loads (signed in as admin, who sees them all). */
async function shippedJavaScript(signedIn: (roles: Role[]) => Promise<BrowserContext>, caseId: string) {
  const assets = path.join(CONSOLE_BUILD_DIR, 'assets');
  const files = (await readdir(assets)).filter((name) => name.endsWith('.js'));
  const sizes = new Map(await Promise.all(files.map(async (name) => [name, await gzipped(path.join(assets, name))] as const)));
  const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
  const pages: Record<string, { gzipKb: number; scripts: string[] }> = {};
  const routes = { overview: '/console/', cases: '/console/cases', case: `/console/cases/${caseId}`, queue: '/console/queue', audit: '/console/audit', strategies: '/console/strategies' };
  for (const [name, route] of Object.entries(routes)) {
    const context = await signedIn(['admin']);
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const match = /\/console\/assets\/([^/?]+\.js)$/.exec(new URL(response.url()).pathname);
      if (match) scripts.add(match[1]);
    });
    await page.goto(route);
    await page.waitForLoadState('networkidle');
    pages[name] = { gzipKb: kb([...scripts].reduce((sum, script) => sum + (sizes.get(script) ?? 0), 0)), scripts: [...scripts].sort() };
    await context.close();
  }
  return {
    totalGzipKb: kb([...sizes.values()].reduce((sum, size) => sum + size, 0)),
    files: Object.fromEntries([...sizes].sort(([a], [b]) => a.localeCompare(b)).map(([name, size]) => [name, kb(size)])),
    pages,
  };
}
