// The console in a real browser: Debian's chromium driven by playwright-core
// (no browser download), the API listening on a free port, every page's console
// errors collected, and axe-core run in the page.
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** scripts/install.sh installs it (Debian's chromium package). */
export const CHROMIUM = '/usr/bin/chromium';

const CONSOLE_DIR = path.resolve(__dirname, '../../console');

/** Fails when the console's build is missing or older than its sources: npm test builds it; a bare jest run may not have. */
function checkConsoleBuilt(): void {
  const built = path.join(CONSOLE_DIR, 'dist/index.html');
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    }));
  if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest(path.join(CONSOLE_DIR, 'src')), statSync(path.join(CONSOLE_DIR, 'index.html')).mtimeMs)) {
    throw new Error('console/dist is missing or older than console/src: run npm run console:build (npm test does)');
  }
}

export interface ConsoleBrowser {
  browser: Browser;
  /** Where the API listens: http://127.0.0.1:<port>. */
  origin: string;
  /** A fresh browser context (its own cookies and storage) with one page, whose console errors are collected. */
  open(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

/** Starts the app on a free port and the browser before the file's tests; stops both after them. */
export function consoleBrowser(app: () => express.Express): ConsoleBrowser {
  const handle = {} as ConsoleBrowser;
  let server: Server | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    checkConsoleBuilt();
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/install.sh installs Debian's chromium package (as root)`);
    server = app().listen(0, '127.0.0.1');
    await once(server, 'listening');
    handle.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // As root, chromium runs only without its sandbox.
    handle.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await handle.browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  handle.open = async (options = {}) => {
    const context = await handle.browser.newContext({ baseURL: handle.origin, locale: 'en-US', ...options });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(`${message.text()} at ${new URL(message.location().url || handle.origin).pathname}`));
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  };
  return handle;
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA, and best practice). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the console's CSP (no inline script) does not stop it.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (globalThis as unknown as { axe: typeof axe }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return results.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, targets: nodes.map((node) => String(node.target)) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Answers the page's reads of `url` with the first answer, as a page that has not caught up with its case holds it. */
export async function holdFirstAnswer(page: Page, url: string): Promise<void> {
  let first: string | undefined;
  await page.route(url, async (route) => {
    const response = await route.fetch();
    first ??= await response.text();
    await route.fulfill({ response, body: first });
  });
}
