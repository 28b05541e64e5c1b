// `npm run screenshots [-- --reuse]`: pictures of the console's main pages for
// docs/console/, taken in Debian's chromium (playwright-core, no download).
//
// By default it starts a throwaway embedded stack (`scripts/start.ts` with its
// data in a temporary folder and every service on a free port, so a running
// `npm start` is left alone), seeds a small portfolio through the API, takes the
// pictures and stops the stack. With --reuse it uses the `npm start` already
// listening on API_HOST:API_PORT instead, and adds the demo loans to its data.
//
// Each page is taken signed in as the role that works it (development sign-in),
// at 1280×800 (the case list taller, to show its rows), in English, and the
// portfolio also in Chinese. The Chinese needs CJK fonts, so Debian's
// fonts-noto-cjk is installed when missing (apt, as root), as is pngquant, which
// brings the pictures down to 256 colours (a third of the bytes).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../src/config';
import { DAY_MS } from '../src/domain';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'docs/console');
const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
const CONSOLE_HEADER = { 'x-arrears-console': '1' };

type Identity = 'supervisor' | 'agent' | 'auditor' | 'admin';
interface Shot {
  file: string;
  identity: Identity;
  /** The console path, from the seeded cases. */
  path: (seeded: Seeded) => string;
  locale?: 'en-US' | 'zh-CN';
  /** Taller than the window, down to this height at most, where the page's point is below the fold. */
  height?: number;
  /** What to do on the page before the picture (say, press a button and wait for its answer). */
  act?: (page: Page) => Promise<void>;
}

interface Seeded {
  /** A case in the early ladder, with contacts, for the case page. */
  detailCaseId: string;
}

const SHOTS: Shot[] = [
  { file: 'overview.png', identity: 'supervisor', path: () => '/' },
  { file: 'overview.zh-CN.png', identity: 'supervisor', path: () => '/', locale: 'zh-CN' },
  { file: 'cases.png', identity: 'supervisor', path: () => '/cases?sort=-dpd', height: 1400 },
  { file: 'case.png', identity: 'supervisor', path: ({ detailCaseId }) => `/cases/${detailCaseId}` },
  { file: 'queue.png', identity: 'agent', path: () => '/queue' },
  {
    file: 'audit.png',
    identity: 'auditor',
    path: ({ detailCaseId }) => `/audit/cases/${detailCaseId}`,
    // The replay's verdict: the point of the page.
    act: async (page) => {
      await page.getByRole('button', { name: 'Replay the case' }).click();
      await page.getByText(/^(Match|Diverges)/).first().waitFor({ timeout: 60_000 });
    },
  },
  { file: 'strategies.png', identity: 'supervisor', path: () => '/strategies' },
  { file: 'strategy.png', identity: 'supervisor', path: () => '/strategies/default/versions/1' },
];

/** The demo portfolio: days past due, and who owes. */
const DEMO_LOANS: { id: string; dpd: number; name: string; outstanding: number }[] = [
  { id: 'demo-1001', dpd: 3, name: 'Li Wei', outstanding: 120_000 },
  { id: 'demo-1002', dpd: 9, name: 'Wang Fang', outstanding: 260_000 },
  { id: 'demo-1003', dpd: 12, name: 'Zhang Min', outstanding: 85_000 },
  { id: 'demo-1004', dpd: 21, name: 'Liu Yang', outstanding: 410_000 },
  { id: 'demo-1005', dpd: 38, name: 'Chen Jie', outstanding: 330_000 },
  { id: 'demo-1006', dpd: 47, name: 'Yang Lei', outstanding: 150_000 },
  { id: 'demo-1007', dpd: 66, name: 'Huang Xin', outstanding: 720_000 },
  { id: 'demo-1008', dpd: 95, name: 'Zhao Jing', outstanding: 540_000 },
  { id: 'demo-1009', dpd: 128, name: 'Wu Hao', outstanding: 290_000 },
  { id: 'demo-1010', dpd: 190, name: 'Zhou Na', outstanding: 880_000 },
];
const DETAIL_LOAN = 'demo-1002';

async function main(): Promise<void> {
  const reuse = process.argv.includes('--reuse');
  ensureCjkFonts();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/install.sh installs Debian's chromium package (as root)`);
  const stack = reuse ? await runningStack() : await throwawayStack();
  try {
    const seeded = await seed(stack.origin);
    await mkdir(OUT_DIR, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      for (const shot of SHOTS) await take(browser, stack.origin, shot, seeded);
      // 256 colours are plenty for flat pages: the same pictures at about a third of the bytes.
      if (ensurePngquant()) {
        const files = SHOTS.map((shot) => path.join(OUT_DIR, shot.file));
        spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality', '80-100', '--ext', '.png', ...files], { stdio: 'inherit' });
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stack.stop();
  }
}

/** Debian's Noto CJK fonts, for the Chinese pages: installed as scripts/install.sh installs chromium. */
function ensureCjkFonts(): void {
  const has = () => Boolean(spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim());
  if (!ensureDebianPackage('fonts-noto-cjk', has)) console.error('screenshots: no CJK font: the Chinese page will show boxes (apt-get install fonts-noto-cjk, as root)');
}

/** pngquant, which makes the pictures a third of their size: optional. */
function ensurePngquant(): boolean {
  const has = () => spawnSync('sh', ['-c', 'command -v pngquant']).status === 0;
  if (ensureDebianPackage('pngquant', has)) return true;
  console.error('screenshots: no pngquant: the pictures stay as chromium wrote them (apt-get install pngquant, as root)');
  return false;
}

/** True when `has()`, after installing the Debian package if it was missing and this is root with apt-get. */
function ensureDebianPackage(name: string, has: () => boolean): boolean {
  if (has()) return true;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) return false;
  console.error(`screenshots: installing ${name} (Debian package, apt-get)`);
  const apt = spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${name}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (apt.status !== 0 || !has()) throw new Error(`apt-get could not install ${name}`);
  return true;
}

interface Stack {
  origin: string;
  stop(): Promise<void>;
}

async function runningStack(): Promise<Stack> {
  const config = loadConfig(process.env);
  const origin = `http://${config.API_HOST}:${config.API_PORT}`;
  const ready = await fetch(`${origin}/readyz`).then((response) => response.ok, () => false);
  if (!ready) throw new Error(`--reuse: no arrears API answers at ${origin}/readyz; run npm start first, or leave --reuse out`);
  console.error(`screenshots: using the running stack at ${origin}`);
  return { origin, stop: async () => undefined };
}

/** scripts/start.ts in the embedded mode, its data in a temporary folder, every service on a free port. */
async function throwawayStack(): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-screenshots-'));
  const [api, temporal, mongo, ui, sandbox, codec, smtp] = await freePorts(7);
  const env = {
    ...process.env,
    ARREARS_MODE: 'embedded',
    ARREARS_DATA_DIR: dataDir,
    API_HOST: '127.0.0.1',
    API_PORT: String(api),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
    MONGODB_URI: `mongodb://127.0.0.1:${mongo}/arrears`,
    TEMPORAL_UI_PORT: String(ui),
    SANDBOX_PORT: String(sandbox),
    CODEC_SERVER_PORT: String(codec),
    SANDBOX_SMTP_PORT: String(smtp),
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
  };
  const log = path.join(dataDir, 'stack.log');
  const output = createWriteStream(log);
  const child: ChildProcess = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(output);
  child.stderr!.pipe(output);
  const origin = `http://127.0.0.1:${api}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // start.ts stops its children in order, then exits
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  console.error(`screenshots: starting a throwaway embedded stack (API ${origin}, log ${log})`);
  const started = Date.now();
  for (;;) {
    if (await fetch(`${origin}/readyz`).then((response) => response.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() - started > 180_000) {
      const why = child.exitCode !== null ? `exited with ${child.exitCode}` : 'was not ready in 3 minutes';
      console.error(`screenshots: the stack ${why}; its log:\n${spawnSync('tail', ['-n', '40', log], { encoding: 'utf8' }).stdout}`);
      await stop();
      throw new Error(`the embedded stack ${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { origin, stop };
}

function freePorts(count: number): Promise<number[]> {
  // Held open together, so no two are the same.
  const servers = Array.from({ length: count }, () => createServer());
  return Promise.all(servers.map((server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))))).then(
    async (ports) => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      return ports;
    },
  );
}

/** A fixed-offset zone where it is about 14:00 now, so no quiet hours hold the first contacts back. */
function afternoonZone(): string {
  const offset = ((14 - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Signs in as the supervisor over the API, puts the demo loans, opens their cases and waits for the list and a call task. */
async function seed(origin: string): Promise<Seeded> {
  const cookie = await signInCookie(origin, 'supervisor');
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(origin + route, {
      method,
      headers: { cookie, ...CONSOLE_HEADER, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const now = Date.now();
  const timeZone = afternoonZone();
  for (const [index, { id, dpd, name, outstanding }] of DEMO_LOANS.entries()) {
    const overdue = Math.min(outstanding, 100_000);
    const loan = {
      loanId: id,
      currency: 'CNY',
      principal: outstanding * 3,
      outstanding,
      installments: [
        { seq: 1, dueDate: isoDate(now - dpd * DAY_MS), amountDue: overdue, amountPaid: 0 },
        { seq: 2, dueDate: isoDate(now + 365 * DAY_MS), amountDue: outstanding - overdue, amountPaid: 0 },
      ],
      debtor: { debtorRef: `debtor-${id}`, timeZone, country: 'CN', locale: 'zh-CN' },
      product: index % 3 === 0 ? 'credit-card' : 'loan',
      priorDelinquencies: index % 4,
    };
    const phone = `+86139${String(10_000_000 + index * 7_654_321).slice(0, 8)}`;
    await call('PUT', `/v1/loans/${id}`, { loan, contact: { name, phone, address: `${index + 1} Century Avenue, Shanghai` } });
    await call('POST', '/v1/cases', { loanId: id });
  }
  // The list follows the cases as they publish; the early-stage queue fills once a reminder's call is planned.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = (await call('GET', `/v1/cases?limit=100`)) as { cases: { caseId: string }[] };
    const listed = DEMO_LOANS.every(({ id }) => list.cases.some((row) => row.caseId === `case-${id}`));
    const tasks = (await call('GET', '/v1/tasks?queue=early-stage').catch(() => ({ tasks: [] }))) as { tasks?: unknown[] };
    if (listed && (tasks.tasks?.length ?? 0) > 0) break;
    if (Date.now() > deadline) {
      console.error(`screenshots: after a minute ${listed ? 'the work queue is still empty' : 'the list does not show every demo case'}; taking the pictures as they are`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { detailCaseId: `case-${DETAIL_LOAN}` };
}

async function signInCookie(origin: string, identity: Identity): Promise<string> {
  const response = await fetch(`${origin}/v1/session/development`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CONSOLE_HEADER },
    body: JSON.stringify({ identity }),
  });
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('arrears_session='));
  if (!response.ok || !cookie) throw new Error(`development sign-in as ${identity} failed (${response.status}): the stack must run in the embedded mode`);
  return cookie.split(';')[0];
}

async function take(browser: Browser, origin: string, shot: Shot, seeded: Seeded): Promise<void> {
  const locale = shot.locale ?? 'en-US';
  const context = await browser.newContext({ baseURL: origin, viewport: VIEWPORT, deviceScaleFactor: 1, locale, reducedMotion: 'reduce' });
  try {
    // The session cookie, as the sign-in page would set it.
    const [name, value] = (await signInCookie(origin, shot.identity)).split(/=(.*)/s);
    await context.addCookies([{ name, value, url: origin, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(`/console${shot.path(seeded)}`);
    await page.locator('main h1').first().waitFor();
    // Loaded: no "Loading…" left, the API calls done, and the charts drawn.
    const loading = page.locator('main').getByText(/^(Loading…|加载中…)$/);
    for (const deadline = Date.now() + 30_000; (await loading.count()) > 0 && Date.now() < deadline; ) await page.waitForTimeout(100);
    await page.waitForLoadState('networkidle');
    if (await page.locator('canvas').count()) await page.waitForTimeout(1_000); // ECharts' entry animation
    if (shot.act) {
      await shot.act(page).catch((error: Error) => console.error(`screenshots: ${shot.file}: ${error.message.split('\n')[0]}; taken as it is`));
      await page.waitForLoadState('networkidle');
    }
    const file = path.join(OUT_DIR, shot.file);
    const height = Math.min(shot.height ?? VIEWPORT.height, Number(await page.evaluate('document.documentElement.scrollHeight')));
    await page.screenshot({ path: file, fullPage: height > VIEWPORT.height, clip: { x: 0, y: 0, width: VIEWPORT.width, height } });
    console.error(`screenshots: ${path.relative(ROOT, file)} (${shot.identity}, ${locale}, /console${shot.path(seeded)})`);
  } finally {
    await context.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`screenshots: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
