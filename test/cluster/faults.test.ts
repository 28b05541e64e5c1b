// Faults on the cluster mode's topology (scripts/cluster.ts): PostgreSQL, the
// Temporal server as four processes, FerretDB, the sandbox, three case workers
// and two APIs, on free ports, with a two-second business day so cases walk
// their ladder while processes die. Each fault opens its own cases, strikes
// while they wait on their timers, and then checks, for those cases: none lost
// (every workflow still running, and every case advanced past the fault), no
// step run twice, no contact sent twice (the contact log and what the sandbox
// providers accepted). Each prints how long recovery took. The rolling upgrade
// deploys a release with a patched() change (rolling-upgrade-release.ts) one
// worker at a time and checks that no workflow task failed on nondeterminism.
// `npm run test:cluster` runs this file; .ci/run runs it after npm test.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type mongoose from 'mongoose';
import { temporal as proto } from '@temporalio/proto';
import { freeClusterPorts, startCluster, type Cluster } from '../../scripts/cluster';
import { caseWorkerProcess } from '../../scripts/processes';
import { SWEEP_SCHEDULE_ID } from '../../src/cases/sweeps';
import { connectDatabase } from '../../src/db/connection';
import { contactModel } from '../../src/db/contacts';
import { signDevToken } from '../../src/security/auth';
import { dataConverter } from '../../src/security/data-converter';
import { businessTime } from '../../src/domain';
import { businessClock } from '../../src/temporal/clock';
import { writeCaseWorkflowBundle } from '../../src/temporal/worker';
import { RELEASE } from './rolling-upgrade-release';
import { overdueLoan } from '../support/loans';

const DAY_LENGTH = '2s';
const CASES_PER_FAULT = 12;
/** What every fault's cases must do after it: take this many more ladder steps. */
const STEPS_AFTER_FAULT = 2;
const NONDETERMINISM = proto.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR;
const CONTACT = { name: 'Cluster Debtor', phone: '+8613800138000', address: '1 Cluster Road', email: 'debtor@example.com', appUserId: 'app-1', imId: 'im-1' };

let cluster: Cluster;
let dataDir: string;
let database: mongoose.Connection;
let temporal: Client;
let token: string;
const lines: string[] = [];
const recovery: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-cluster-'));
  cluster = await startCluster({
    dataDir,
    ports: await freeClusterPorts(),
    env: { ...process.env, ARREARS_DAY_LENGTH: DAY_LENGTH, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    // Kept for a failure's message; the run's own output stays readable.
    output: { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    giveUp: (reason) => lines.push(`gave up: ${reason}`),
  });
  database = await connectDatabase(cluster.config.MONGODB_URI);
  temporal = new Client({
    connection: await Connection.connect({ address: cluster.config.TEMPORAL_ADDRESS }),
    namespace: cluster.config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(cluster.config.codecKeyring),
  });
  token = await signDevToken(cluster.config, { sub: 'cluster-test', roles: ['supervisor'], expiresIn: '1h' });
}, 420_000);

afterAll(async () => {
  await temporal?.connection.close();
  await database?.close();
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (Object.keys(recovery).length) console.log(`cluster faults, recovery in ms:\n${JSON.stringify(recovery, null, 2)}`);
}, 120_000);

test('kill -9 one of the three workers while cases walk their ladder: the others take over, every step runs once', async () => {
  const cases = await openCases('worker-kill');
  const before = await stepsTaken(cases);
  const killedAt = Date.now();
  const pid = kill('worker-2', 'SIGKILL');
  await advanced(cases, before, 'worker-kill');
  recovery['worker-kill'] = { allCasesTwoStepsOnMs: Date.now() - killedAt };
  await restarted('worker-2', pid);
  await expectNothingLostOrSentTwice(cases);
}, 300_000);

test('kill -9 the history service, then its restart: every case resumes and no timer is lost', async () => {
  recovery['history-kill'] = await strikeAndRecover('history-kill', 'temporal-history', 'SIGKILL');
}, 300_000);

test('restart PostgreSQL: the server and the workers reconnect, and nothing is lost', async () => {
  // Its fast shutdown, as an operator's restart does; the supervisor starts it again.
  recovery['postgres-restart'] = await strikeAndRecover('postgres-restart', 'postgres', 'SIGINT');
}, 300_000);

test('kill -9 one API process: the other answers, and a command retried with the same request id is applied once', async () => {
  const [caseId] = await openCases('api-kill', 1);
  const [first, second] = cluster.apiBases;
  const killedAt = Date.now();
  const pid = kill('api-1', 'SIGKILL');
  // The load balancer's view: the first API is gone, the second answers.
  await expect(fetch(`${first}/readyz`)).rejects.toThrow();
  const pause = (base: string) =>
    fetch(`${base}/v1/cases/${caseId}/commands/pause`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'pause-after-api-kill' },
      body: JSON.stringify({ reason: 'cluster test: the first API died mid-request' }),
    });
  const answered = await pause(second);
  expect(answered.status).toBe(200);
  recovery['api-kill'] = { otherApiAnsweredMs: Date.now() - killedAt };
  await restarted('api-1', pid);
  recovery['api-kill'].restartedMs = Date.now() - killedAt;
  expect((await fetch(`${first}/readyz`)).status).toBe(200);
  // The client retries, reaching the restarted process this time: the case applies the pause once and answers as before.
  const retried = await pause(first);
  expect(retried.status).toBe(200);
  const [view, again] = (await Promise.all([answered.json(), retried.json()])) as { paused: unknown; eventCount: number }[];
  expect(again.paused).toEqual(view.paused);
  expect(again.eventCount).toBe(view.eventCount);
  expect(view.paused).toMatchObject({ reason: 'cluster test: the first API died mid-request' });
}, 180_000);

test('a rolling worker upgrade: a patched() change deploys one worker at a time, old and new together, and no case fails on nondeterminism', async () => {
  const release = await writeCaseWorkflowBundle(path.join(dataDir, 'case-workflows-next.js'), [require.resolve('./rolling-upgrade-release')]);
  const cases = await openCases('rolling-upgrade');
  const startedAt = Date.now();
  const deployedAfterMs: number[] = [];
  for (const name of ['worker-1', 'worker-2', 'worker-3']) {
    const pid = cluster.supervisor.pidOf(name);
    await cluster.supervisor.replace(name, caseWorkerProcess(name, { ...cluster.workerEnv, WORKFLOW_BUNDLE_PATH: release }, cluster.config));
    expect(cluster.supervisor.pidOf(name)).not.toBe(pid);
    deployedAfterMs.push(Date.now() - startedAt);
    // Old and new poll the task queue together while every case takes a step.
    if (name !== 'worker-3') await advanced(cases, await stepsTaken(cases), `rolling upgrade past ${name}`, 1);
  }
  // Every case takes its steps after the last deploy, so the new release has run each of them.
  await advanced(cases, await stepsTaken(cases), 'rolling-upgrade');
  recovery['rolling-upgrade'] = { workersDeployedAtMs: deployedAfterMs[2], allCasesTwoStepsOnAfterLastDeployMs: Date.now() - startedAt - deployedAfterMs[2] };
  const descriptions = await Promise.all(cases.map((caseId) => temporal.workflow.getHandle(caseId).describe()));
  // The new release runs every case now: each recorded the change.
  expect(cases.filter((_, index) => descriptions[index].memo?.release !== RELEASE)).toEqual([]);
  expect(await tasksFailedOnNondeterminism(cases)).toEqual([]);
  await expectNothingLostOrSentTwice(cases);
}, 420_000);

test('the portfolio Schedule fires on the real server and its sweep opens the case of a loan that fell overdue', async () => {
  const loanId = 'schedule-sweep-1';
  const nowMs = businessTime(businessClock(cluster.config), Date.now());
  await api('PUT', `/v1/loans/${loanId}`, { loan: overdueLoan({ loanId, nowMs, daysPastDue: 1 }), contact: CONTACT }, 201);
  const schedule = temporal.schedule.getHandle(SWEEP_SCHEDULE_ID);
  await eventually('a scheduled sweep to open the loan\'s case', 60_000, async () => {
    const { info } = await schedule.describe();
    if (info.recentActions.length === 0) return false;
    const response = await fetch(`${cluster.apiBases[1]}/v1/cases/case-${loanId}`, { headers: { authorization: `Bearer ${token}` } });
    return response.status === 200;
  });
  const { info } = await schedule.describe();
  expect(info.recentActions.length).toBeGreaterThan(0);
}, 120_000);

/**
 * Opens cases, signals the named process while they wait, waits for the
 * supervisor to start it again, and checks that every case takes its steps
 * with nothing lost or sent twice; answers how long each took.
 */
async function strikeAndRecover(tag: string, name: string, signal: NodeJS.Signals): Promise<Record<string, number>> {
  const cases = await openCases(tag);
  const before = await stepsTaken(cases);
  const struckAt = Date.now();
  await restarted(name, kill(name, signal));
  const backMs = Date.now() - struckAt;
  await advanced(cases, before, tag);
  const allCasesTwoStepsOnMs = Date.now() - struckAt;
  await expectNothingLostOrSentTwice(cases);
  return { backMs, allCasesTwoStepsOnMs };
}

/** Signals the named process; answers its pid, which its restart will not have. */
function kill(name: string, signal: NodeJS.Signals): number {
  const pid = cluster.supervisor.pidOf(name);
  if (pid === undefined) throw new Error(`${name} is not running`);
  process.kill(pid, signal);
  return pid;
}

/** Resolves once the supervisor has started the named process again, under a new pid, and it is ready. */
async function restarted(name: string, oldPid: number): Promise<void> {
  await eventually(`${name} to be started again`, 60_000, async () => {
    const pid = cluster.supervisor.pidOf(name);
    return pid !== undefined && pid !== oldPid;
  });
  await cluster.supervisor.whenReady(name);
}

async function api(method: string, route: string, body: unknown, expected: number | number[], base = cluster.apiBases[1]): Promise<any> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (![expected].flat().includes(response.status)) throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Loans one day past due, booked, with their cases opened through the API; resolves once each has taken its first step. */
async function openCases(tag: string, count = CASES_PER_FAULT): Promise<string[]> {
  const nowMs = businessTime(businessClock(cluster.config), Date.now());
  const caseIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const loanId = `${tag}-${i}`;
    await api('PUT', `/v1/loans/${loanId}`, { loan: overdueLoan({ loanId, nowMs, daysPastDue: 1 }), contact: CONTACT }, 201);
    // The portfolio sweep, every business day, may open it first: then the API answers 200, already open.
    const opened = await api('POST', '/v1/cases', { loanId }, [201, 200]);
    caseIds.push(opened.case.caseId);
  }
  await eventually(`${tag}: every case's first step`, 90_000, async () => [...(await stepsTaken(caseIds)).values()].every((steps) => steps.length > 0));
  return caseIds;
}

/** Each case's completed ladder steps, from the case itself (the API's detail). */
async function stepsTaken(caseIds: string[]): Promise<Map<string, string[]>> {
  const taken = new Map<string, string[]>();
  for (const caseId of caseIds) {
    const response = await fetch(`${cluster.apiBases[1]}/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    taken.set(caseId, response.status === 200 ? ((await response.json()) as { case: { completedSteps: string[] } }).case.completedSteps : []);
  }
  return taken;
}

/** Every case takes `steps` more steps (STEPS_AFTER_FAULT unless said): its timers survived, and a worker ran them. */
async function advanced(caseIds: string[], before: Map<string, string[]>, what: string, steps = STEPS_AFTER_FAULT): Promise<void> {
  await eventually(`${what}: every case ${steps} steps further`, 180_000, async () => {
    const now = await stepsTaken(caseIds);
    return caseIds.every((caseId) => (now.get(caseId)?.length ?? 0) >= (before.get(caseId)?.length ?? 0) + steps);
  });
}

/** The cases (with the event id) whose history holds a workflow task that failed on nondeterminism. */
async function tasksFailedOnNondeterminism(caseIds: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const caseId of caseIds) {
    const { events } = await temporal.workflow.getHandle(caseId).fetchHistory();
    for (const event of events ?? []) {
      if (event.workflowTaskFailedEventAttributes?.cause === NONDETERMINISM) failed.push(`${caseId}#${event.eventId}`);
    }
  }
  return failed;
}

/**
 * None lost: every case's workflow is still running. None run twice: no step
 * appears twice among a case's completed steps, and the contact log holds one
 * attempt that reached a provider per case, step and channel. The sandbox keeps
 * one record per idempotency key, so what it accepted matches the log.
 */
async function expectNothingLostOrSentTwice(caseIds: string[]): Promise<void> {
  const statuses = await Promise.all(caseIds.map(async (caseId) => (await temporal.workflow.getHandle(caseId).describe()).status.name));
  const lost = caseIds.filter((_, index) => statuses[index] !== 'RUNNING');
  const steps = await stepsTaken(caseIds);
  const stepsTwice = [...steps.entries()].flatMap(([caseId, taken]) => taken.filter((step, index) => taken.indexOf(step) !== index).map((step) => `${caseId}:${step}`));
  const contacts = await contactModel(database)
    .find({ caseId: { $in: caseIds }, status: { $in: ['pending', 'sent'] } }, { caseId: 1, step: 1, channel: 1, seq: 1 })
    .lean();
  const seen = new Map<string, number>();
  for (const contact of contacts) {
    const key = `${contact.caseId}:${contact.step}:${contact.channel}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const sentTwice = [...seen.entries()].filter(([, count]) => count > 1).map(([key]) => key);
  expect({ lost, stepsTwice, sentTwice }).toEqual({ lost: [], stepsTwice: [], sentTwice: [] });
  expect(contacts.length).toBeGreaterThanOrEqual(caseIds.length);
}

async function eventually(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      problem = ` (last error: ${error instanceof Error ? error.message : error})`;
    }
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}${problem}\n${lines.slice(-40).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
