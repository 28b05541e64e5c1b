// A worker that dies in the middle of a send costs a case minutes of business
// time, not days: activities heartbeat and the case fits their timeouts to its
// business day. On the dev server with a 4 s business day, the real worker
// (worker.ts, a child process) is killed while the sandbox holds its SMS; a
// second worker takes the case over and it still runs every step of its ladder
// on the day it is due, none skipped as superseded.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { businessTime, type ActionRequest } from '../../src/domain';
import { auditModel, type AuditRecord } from '../../src/db/audit';
import { contactModel, type ContactRecord } from '../../src/db/contacts';
import { openCase } from '../../src/temporal/cases';
import { businessClock } from '../../src/temporal/clock';
import { caseView } from '../../src/workflows/collection-case/messages';
import { TEST_KEYRING } from '../fixtures/keyring';
import { TEST_DEBTOR_LINK_SECRET } from '../support/api';
import { oneLadder, originForLocalTime } from '../support/cases';
import { bookLoans } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { PROVIDER_KEY } from '../support/sandbox';
import { caseSuite } from '../support/suites';
import { TEST_TASK_QUEUE } from '../support/temporal';

const DAY_LENGTH_MS = 4000;
const ROOT = path.resolve(__dirname, '../..');

const suite = caseSuite({ server: 'dev-server' });
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
});

/** worker.ts as `npm run worker` runs it, against this file's server, database and sandbox; resolves once it polls. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const mongo = new URL(process.env.MONGODB_URI!);
  mongo.pathname = `/${suite.db.connection.name}`;
  const keys = [...TEST_KEYRING.keys].map(([id, key]) => `${id}:${key.toString('base64')}`).join(',');
  const worker = spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: suite.env.address,
      TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
      MONGODB_URI: mongo.toString(),
      ARREARS_CODEC_KEYS: keys,
      ARREARS_CODEC_ACTIVE_KEY: TEST_KEYRING.activeKeyId,
      SANDBOX_PORT: new URL(suite.channels.url).port,
      PROVIDER_API_KEY: PROVIDER_KEY,
      DEBTOR_LINK_SECRET: TEST_DEBTOR_LINK_SECRET,
      // Longer than the sandbox holds the SMS: the send is in flight when the worker dies.
      PROVIDER_TIMEOUT: '60s',
      ARREARS_DAY_LENGTH: `${DAY_LENGTH_MS}ms`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = worker;
  const output: string[] = [];
  createInterface({ input: worker.stderr! }).on('line', (line) => output.push(line));
  const polling = new Promise<void>((resolve) => createInterface({ input: worker.stdout! }).on('line', (line) => /polling/.test(line) && resolve()));
  const exited = once(worker, 'exit').then(([code]) => {
    throw new Error(`worker.ts exited (${code}) before it polled:\n${output.join('\n')}`);
  });
  await Promise.race([polling, exited]);
  return worker;
}

/** Polls until `found` returns something, for at most `timeoutMs`. */
async function eventually<T>(found: () => Promise<T | undefined | null>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await found();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a worker killed mid-send: the send is retried within business hours and no ladder step is skipped', async () => {
  const ladder = [1, 2, 3].map((atDpd) => ({ id: `dpd${atDpd}-sms`, atDpd, actions: [{ channel: 'sms' as const, template: 'payment-reminder' }] }));
  const strategy = oneLadder('crash-ladder', ladder);
  // The file's worker stands aside while worker.ts has the case, and takes it over after.
  const handle = await suite.withoutWorker(async () => {
    const worker = await startWorkerProcess();
    // The case opens at 10:00 in Shanghai, business time: no quiet hours hold its first SMS.
    const origin = new Date(originForLocalTime(DAY_LENGTH_MS, 'Asia/Shanghai', 10, Date.now()));
    const clock = businessClock({ ARREARS_DAY_LENGTH: DAY_LENGTH_MS, ARREARS_TIME_ORIGIN: origin.toISOString() });

    // The sandbox holds the first SMS until long after the worker is gone.
    await suite.channels.control('POST', '/faults', { channel: 'sms', mode: 'timeout', holdMs: 60_000 });
    const loan = overdueLoan({ loanId: `crash-${Date.now()}`, nowMs: businessTime(clock, Date.now()), daysPastDue: 1 });
    await bookLoans(suite.db.connection, [loan]);
    const handle = await openCase(suite.env.client, { loan, strategy, clock, openedBy: 'test', taskQueue: TEST_TASK_QUEUE });

    const contacts = contactModel(suite.db.connection);
    await eventually(() => contacts.findOne({ caseId: handle.workflowId, step: 'dpd1-sms', status: 'pending' }).lean<ContactRecord>(), 'the DPD-1 SMS in flight');
    worker.kill('SIGKILL');
    await once(worker, 'exit');
    return handle;
  });

  await eventually(async () => (await handle.query(caseView)).completedSteps.length === 3 || undefined, 'the three ladder steps');
  const view = await handle.query(caseView);

  const skipped = await auditModel(suite.db.connection).find({ caseId: handle.workflowId, type: 'step-skipped' }).lean<AuditRecord[]>();
  expect(skipped.map((event) => event.reason)).toEqual([]);
  expect(view.stepOutcomes).toEqual({ 'dpd1-sms': 'delivered', 'dpd2-sms': 'delivered', 'dpd3-sms': 'delivered' });
  // Each step went out on its own day: the retry of the first landed before the second was due.
  const sentAt = (step: string) => suite.observed.inputs<ActionRequest>('performAction').find((request) => request.step === step)!;
  expect(sentAt('dpd2-sms').daysPastDue).toBe(2);
  expect(sentAt('dpd3-sms').daysPastDue).toBe(3);
  await handle.terminate('test over');
});
