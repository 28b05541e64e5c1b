// An auditor checks a history they hold: a case's and a sweep's history exported
// with the real `temporal workflow show --output json` from the dev server,
// payloads still encrypted, replayed through `npm run replay` (spawned, as an
// auditor runs it) and POST /v1/audit/replay; a copy with two events swapped is
// reported at the event where it parts from the code; GET /v1/cases/{id}/history
// writes the same format back.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { toolPath } from '../../src/tools';
import { TEST_CONTACT } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { TEST_KEYRING } from '../fixtures/keyring';
import { apiSuite } from '../support/suites';
import { noonZone, rolesOtherThan } from '../support/api';

const suite = apiSuite({ server: 'dev-server' });
const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);

const LOAN_ID = 'replay-1';
const CASE_ID = `case-${LOAN_ID}`;

type HistoryJson = { events: Array<Record<string, unknown> & { eventId: string; eventType: string }> };

let dir: string;
let caseHistory: HistoryJson;
let sweepHistory: HistoryJson;
let swapped: { history: HistoryJson; eventId: number; eventType: string; codeDid: string };

/** The test keyring as ARREARS_CODEC_KEYS and ARREARS_CODEC_ACTIVE_KEY write it. */
const KEYRING_ENV = {
  ARREARS_CODEC_KEYS: [...TEST_KEYRING.keys].map(([id, key]) => `${id}:${key.toString('base64')}`).join(','),
  ARREARS_CODEC_ACTIVE_KEY: TEST_KEYRING.activeKeyId,
};

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never: ${what}`);
}

/** What an auditor holds: the history as the Temporal CLI exports it, written to a file. */
async function exported(workflowId: string, file: string): Promise<HistoryJson> {
  const args = ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', suite.env.address, '--namespace', suite.env.namespace ?? 'default'];
  const { stdout } = await run(toolPath('temporal'), args);
  await writeFile(path.join(dir, file), stdout);
  return JSON.parse(stdout) as HistoryJson;
}

/** Commands the code issues one after another in a workflow task, and what a replay says the code did for each. */
const CODE_DID: Record<string, string> = {
  EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: 'scheduled an activity',
  EVENT_TYPE_TIMER_STARTED: 'started a timer',
  EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: 'updated its search attributes',
};

/**
 * The history with its first two adjacent commands of different kinds swapped,
 * numbered in order again, and every later event that points at either by id
 * (an activity's started and completed events, a timer's fired one) pointed at its new number.
 */
function withTwoEventsSwapped(history: HistoryJson): typeof swapped {
  const events = structuredClone(history.events);
  const at = events.findIndex(
    (event, index) => index + 1 < events.length && event.eventType in CODE_DID && events[index + 1].eventType in CODE_DID && event.eventType !== events[index + 1].eventType,
  );
  if (at < 0) throw new Error('the history has no two adjacent commands of different kinds to swap');
  const [first, second] = [events[at], events[at + 1]];
  events[at] = { ...second, eventId: first.eventId };
  events[at + 1] = { ...first, eventId: second.eventId };
  const renumbered: Record<string, string> = { [first.eventId]: second.eventId, [second.eventId]: first.eventId };
  for (const event of events) {
    for (const [key, attributes] of Object.entries(event)) {
      if (!key.endsWith('EventAttributes')) continue;
      for (const [field, value] of Object.entries(attributes as Record<string, unknown>)) {
        if (field.endsWith('EventId') && typeof value === 'string' && renumbered[value]) (attributes as Record<string, unknown>)[field] = renumbered[value];
      }
    }
  }
  return { history: { ...history, events }, eventId: Number(first.eventId), eventType: second.eventType, codeDid: CODE_DID[first.eventType] };
}

/** `npm run replay -- <files>` in a child process, with only the given environment. */
async function replayCli(files: string[], env: Record<string, string>): Promise<{ code: number; verdicts: unknown; stderr: string }> {
  const args = ['--import', 'tsx', 'src/cli/replay.ts', ...files.map((file) => path.join(dir, file))];
  // A CLI that has answered must exit: killed after a minute, it fails with no exit code.
  const options = { cwd: root, timeout: 60_000, killSignal: 'SIGKILL' as const, env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ARREARS_DATA_DIR: dir, ...env } };
  try {
    const { stdout, stderr } = await run(process.execPath, args, options);
    return { code: 0, verdicts: JSON.parse(stdout), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, verdicts: failed.stdout ? JSON.parse(failed.stdout) : undefined, stderr: failed.stderr };
  }
}

const auditor = () => suite.api.as('auditor').post('/v1/audit/replay');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'arrears-replay-'));
  const loan = overdueLoan({ loanId: LOAN_ID, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${LOAN_ID}`).send({ loan, contact: TEST_CONTACT }).expect(201);

  // The sweep opens the case; the case treats the loan, parks on its follow-up timer, and is closed.
  const sweep = await suite.api.as('supervisor').post('/v1/monitor/sweep').expect(202);
  await suite.env.client.workflow.getHandle(sweep.body.sweepId).result();
  const handle = suite.env.client.workflow.getHandle(CASE_ID);
  await until(async () => (await handle.fetchHistory()).events!.some((event) => event.timerStartedEventAttributes), 'the case parks on a timer');
  await suite.api.as('supervisor').post(`/v1/cases/${CASE_ID}/commands/close`).send({ reason: 'replay audit' }).expect(200);
  await handle.result();

  caseHistory = await exported(CASE_ID, 'case.json');
  sweepHistory = await exported(sweep.body.sweepId, 'sweep.json');
  swapped = withTwoEventsSwapped(caseHistory);
  await writeFile(path.join(dir, 'swapped.json'), JSON.stringify(swapped.history, null, 2));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const divergentAtTheSwap = () => ({
  match: false,
  divergence: expect.stringMatching(/[Nn]ondeterminism/),
  firstDivergence: {
    kind: 'nondeterminism',
    eventId: swapped.eventId,
    eventType: swapped.eventType,
    codeDid: swapped.codeDid,
    historyHolds: expect.stringContaining(swapped.eventType),
  },
});

test('npm run replay: exported histories of a case and a sweep match; the one with two events swapped diverges at the first of them', async () => {
  expect(caseHistory.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  const { code, verdicts, stderr } = await replayCli(['case.json', 'sweep.json', 'swapped.json'], KEYRING_ENV);
  expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
  expect(verdicts).toEqual([
    { file: path.join(dir, 'case.json'), workflowId: CASE_ID, workflowType: 'collectionCase', match: true },
    { file: path.join(dir, 'sweep.json'), workflowId: expect.stringMatching(/^portfolio-sweep/), workflowType: 'portfolioSweep', match: true },
    { file: path.join(dir, 'swapped.json'), workflowId: CASE_ID, workflowType: 'collectionCase', ...divergentAtTheSwap() },
  ]);
});

test('npm run replay in the embedded mode decrypts with the keyring npm start keeps, and says where it looked when there is none', async () => {
  const kept = await mkdtemp(path.join(os.tmpdir(), 'arrears-replay-kept-'));
  try {
    await writeFile(path.join(kept, 'dev-secrets.json'), JSON.stringify(KEYRING_ENV), { mode: 0o600 });
    const found = await replayCli(['case.json'], { ARREARS_DATA_DIR: kept });
    expect({ code: found.code, verdicts: found.verdicts }).toEqual({ code: 0, verdicts: [expect.objectContaining({ workflowId: CASE_ID, match: true })] });

    const none = await replayCli(['case.json'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(path.join(dir, 'dev-secrets.json'));
    expect(none.stderr).toMatch(/ARREARS_CODEC_KEYS/);
  } finally {
    await rm(kept, { recursive: true, force: true });
  }
});

test('npm run replay says which file is not a history, and checks the others', async () => {
  await writeFile(path.join(dir, 'not-json.json'), 'events: none');
  await writeFile(path.join(dir, 'not-history.json'), JSON.stringify({ events: [{ eventId: '1', eventType: 'WorkflowExecutionStarted' }] }));
  const { code, verdicts } = await replayCli(['not-json.json', 'not-history.json', 'missing.json', 'case.json'], KEYRING_ENV);
  expect(code).toBe(2);
  expect(verdicts).toEqual([
    { file: path.join(dir, 'not-json.json'), error: expect.stringMatching(/^not JSON/) },
    { file: path.join(dir, 'not-history.json'), error: expect.stringContaining('events.0.eventType') },
    { file: path.join(dir, 'missing.json'), error: expect.stringMatching(/ENOENT/) },
    expect.objectContaining({ workflowId: CASE_ID, match: true }),
  ]);
});

test('npm run replay with no file it can replay says why and exits', async () => {
  const { code, verdicts } = await replayCli(['missing.json'], KEYRING_ENV);
  expect({ code, verdicts }).toEqual({ code: 2, verdicts: [{ file: path.join(dir, 'missing.json'), error: expect.stringMatching(/ENOENT/) }] });
});

test('POST /v1/audit/replay: the exported histories match; the one with two events swapped diverges at the first of them', async () => {
  const caseVerdict = await auditor().send(caseHistory);
  expect({ status: caseVerdict.status, body: caseVerdict.body }).toEqual({ status: 200, body: { workflowId: CASE_ID, workflowType: 'collectionCase', match: true } });
  expect((await auditor().send(sweepHistory)).body).toMatchObject({ workflowType: 'portfolioSweep', match: true });
  const swappedVerdict = await auditor().send(swapped.history);
  expect(swappedVerdict.status).toBe(200);
  expect(swappedVerdict.body).toEqual({ workflowId: CASE_ID, workflowType: 'collectionCase', ...divergentAtTheSwap() });
});

test('GET /v1/cases/{caseId}/history writes what the Temporal CLI writes, and POST /v1/audit/replay takes it back', async () => {
  const served = await suite.api.as('auditor').get(`/v1/cases/${CASE_ID}/history`);
  expect(served.status).toBe(200);
  expect(served.body).toEqual(caseHistory);
  expect((await auditor().send(served.body)).body).toEqual({ workflowId: CASE_ID, workflowType: 'collectionCase', match: true });
  expect((await suite.api.as('auditor').post(`/v1/cases/${CASE_ID}/replay`)).body).toEqual({ caseId: CASE_ID, match: true });
});

test('POST /v1/audit/replay takes a history past the API body limit, up to its own', async () => {
  // A worker identity is recorded but never replayed: padding it makes a long history that still matches.
  const padded = structuredClone(caseHistory);
  const taskStarted = padded.events.find((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED')!;
  (taskStarted.workflowTaskStartedEventAttributes as Record<string, unknown>).identity = 'w'.repeat(3_000_000);
  expect((await auditor().send(padded)).body).toMatchObject({ match: true });

  const tooLarge = await auditor().set('Content-Type', 'application/json').send(`{"events":[],"padding":"${'p'.repeat(33 * 1024 * 1024)}"}`);
  expect({ status: tooLarge.status, code: tooLarge.body.error?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
});

test('POST /v1/audit/replay refuses what is not a history it can check, saying why', async () => {
  const started = caseHistory.events[0];
  const withStart = (changes: Record<string, unknown>) => ({ ...caseHistory, events: [{ ...started, ...changes }, ...caseHistory.events.slice(1)] });
  const startAttributes = started.workflowExecutionStartedEventAttributes as Record<string, { payloads?: Array<{ data: string }> }>;
  const alteredData = Buffer.from(startAttributes.input.payloads![0].data, 'base64');
  alteredData[20] ^= 0xff;
  const cases: Array<[string, request.Test, number, string, string?]> = [
    ['an array', auditor().send([]), 422, 'VALIDATION_FAILED', 'body'],
    ['no events', auditor().send({ a: 1 }), 422, 'VALIDATION_FAILED', 'body.events'],
    ['an empty history', auditor().send({ events: [] }), 422, 'VALIDATION_FAILED', 'body.events'],
    ['a history without its start', auditor().send({ events: caseHistory.events.slice(1) }), 422, 'VALIDATION_FAILED', 'body.events.0.eventType'],
    ['an event type by another name', auditor().send(withStart({ eventType: 'WorkflowExecutionStarted' })), 422, 'VALIDATION_FAILED', 'body.events.0.eventType'],
    ['events out of order', auditor().send({ events: [started, caseHistory.events[2]] }), 422, 'VALIDATION_FAILED', 'body.events.1.eventId'],
    ['an event without its details', auditor().send({ events: [{ eventId: '1', eventType: started.eventType }] }), 422, 'VALIDATION_FAILED', 'body.events.0'],
    ['a time that is not one', auditor().send(withStart({ eventTime: 'yesterday' })), 422, 'VALIDATION_FAILED', 'body'],
    [
      'a workflow this code does not have',
      auditor().send(withStart({ workflowExecutionStartedEventAttributes: { ...startAttributes, workflowType: { name: 'someoneElsesWorkflow' } } })),
      422,
      'UNKNOWN_WORKFLOW_TYPE',
    ],
    [
      'an altered payload',
      auditor().send(withStart({ workflowExecutionStartedEventAttributes: { ...startAttributes, input: { payloads: [{ ...startAttributes.input.payloads![0], data: alteredData.toString('base64') }] } } })),
      422,
      'HISTORY_UNDECRYPTABLE',
    ],
    ['not JSON', auditor().set('Content-Type', 'application/json').send('{"events": ['), 400, 'MALFORMED_JSON'],
    ['another media type', auditor().set('Content-Type', 'text/plain').send('events'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [what, call, status, code, path] of cases) {
    const response = await call;
    expect({ what, status: response.status, code: response.body.error?.code }).toEqual({ what, status, code });
    expect(response.body.error.message).toMatch(/\w+ \w+/);
    if (path) expect({ what, paths: response.body.error.details.map((detail: { path: string }) => detail.path) }).toEqual({ what, paths: [path] });
  }
});

test('replaying a history file is for auditors', async () => {
  expect((await request(suite.api.app).post('/v1/audit/replay').send(caseHistory)).status).toBe(401);
  for (const role of rolesOtherThan('auditor')) expect({ role, status: (await suite.api.as(role).post('/v1/audit/replay').send(caseHistory)).status }).toEqual({ role, status: 403 });
  expect((await suite.api.as('admin').post('/v1/audit/replay').send(caseHistory)).body).toMatchObject({ match: true });
});
