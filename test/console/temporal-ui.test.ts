// The Temporal Web UI decodes a case's payloads for an auditor signed in to the
// console, as npm start runs it: the dev server's own UI behind serveWebUi (which
// tells the UI to include credentials), the codec server, and the API that sets
// the session cookie, all on 127.0.0.1. Chromium opens the case's page in the UI:
// signed in as an auditor it shows the case's input decoded; signed out, or
// signed in as an agent, the input stays ciphertext and the UI says the codec
// server could not be reached.
import { once } from 'node:events';
import type { Server } from 'node:http';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createCodecServer } from '../../src/security/codec-server';
import { freePort, serveWebUi } from '../../src/temporal/web-ui';
import { DEFAULT_STRATEGY } from '../../src/domain/default-strategy';
import { openCase } from '../../src/temporal/cases';
import { businessClock } from '../../src/temporal/clock';
import { toolPath } from '../../src/tools';
import { CASE_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { TEST_KEYRING } from '../fixtures/keyring';
import { noonZone, TEST_JWT_SECRET, testApi, type TestApi } from '../support/api';
import { consoleBrowser } from '../support/browser';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { overdueLoan } from '../support/loans';
import { DEV_SERVER_LOG, TEST_TASK_QUEUE, testDataConverter } from '../support/temporal';

const LOAN_ID = 'ui-codec-1';
const CASE_ID = `case-${LOAN_ID}`;
const OPENER = 'dev-supervisor';

let db: TestDatabase;
let env: TestWorkflowEnvironment;
let api: TestApi;
let codec: Server;
let ui: Server;
let uiOrigin: string;

beforeAll(async () => {
  const [uiPort, privateUiPort, codecPort] = [await freePort(), await freePort(), await freePort()];
  uiOrigin = `http://127.0.0.1:${uiPort}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ARREARS_CODEC_KEYS: [...TEST_KEYRING.keys].map(([id, key]) => `${id}:${key.toString('base64')}`).join(','),
    ARREARS_CODEC_ACTIVE_KEY: TEST_KEYRING.activeKeyId,
    TEMPORAL_UI_ORIGIN: uiOrigin,
  });
  codec = createCodecServer(config, createLogger(config)).listen(codecPort, '127.0.0.1');
  await once(codec, 'listening');
  [db, env] = await Promise.all([
    openTestDatabase(),
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: toolPath('temporal') },
        searchAttributes: CASE_SEARCH_ATTRIBUTES,
        ip: '127.0.0.1',
        ui: true,
        uiPort: privateUiPort,
        extraArgs: ['--ui-codec-endpoint', `http://127.0.0.1:${codecPort}`],
        log: DEV_SERVER_LOG,
      },
      client: { dataConverter: testDataConverter },
    }),
  ]);
  ui = await serveWebUi({ host: '127.0.0.1', port: uiPort }, { host: '127.0.0.1', port: privateUiPort });
  api = await testApi(env.client, db.connection);
  // The case starts as the API starts it (POST /v1/cases would wait for a worker to run it, which the input needs not).
  const loan = overdueLoan({ loanId: LOAN_ID, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await openCase(env.client, { loan, strategy: DEFAULT_STRATEGY, clock: businessClock(config), openedBy: OPENER, taskQueue: TEST_TASK_QUEUE });
});

const browser = consoleBrowser(() => api.app);

afterAll(async () => {
  for (const server of [ui, codec]) {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
  await env?.teardown();
  await db?.drop();
});

async function signIn(page: Page, identity: string) {
  await page.goto('/console/');
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** In the case's input only, never on the page around it: the debtor's reference in the loan. */
const DECODED = `"debtorRef": "debtor-${LOAN_ID}"`;

/** The case's page in the Temporal UI, once it has asked the codec server for the input. */
async function openCaseInUi(page: Page) {
  const decoded = page.waitForResponse((response) => new URL(response.url()).pathname === '/decode' && response.request().method() === 'POST');
  await page.goto(`${uiOrigin}/namespaces/default/workflows/${CASE_ID}`);
  return (await decoded).status();
}

const COULD_NOT_CONNECT = 'Codec Server could not connect';

test('signed in to the console as an auditor, the case page in the Temporal UI shows the decoded input', async () => {
  const { page } = await browser.open();
  await signIn(page, 'Auditor');
  expect(await openCaseInUi(page)).toBe(200);
  await page.getByText(DECODED).waitFor();
  expect(await page.getByText(COULD_NOT_CONNECT).count()).toBe(0);
});

test('signed out, or signed in as an agent, the input stays ciphertext and the UI says the codec server could not connect', async () => {
  const { page } = await browser.open();
  for (const [signedInAs, status] of [[undefined, 401], ['Agent', 403]] as const) {
    if (signedInAs) await signIn(page, signedInAs);
    expect(await openCaseInUi(page)).toBe(status);
    await page.locator('#content').getByText(COULD_NOT_CONNECT).waitFor();
    await page.getByRole('heading', { name: 'Input' }).waitFor();
    expect(await page.getByText(DECODED).count()).toBe(0);
  }
});
