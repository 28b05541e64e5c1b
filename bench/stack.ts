// What the benchmark runs against: the embedded stack it starts itself (Temporal
// dev server on free ports with the case search attributes, its database a file
// in a temporary directory as `npm start` keeps it, and FerretDB in another), or,
// with ARREARS_MODE=external, TEMPORAL_ADDRESS and MONGODB_URI. Either way the
// case worker runs in a process of its own (bench/worker.ts), on its own task
// queue, built from the configuration as `npm start` builds it (activity slots,
// workflow cache, heap limit); so does the API (bench/api.ts). The floor
// workflows' worker and the sandbox providers run in this process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { EMBEDDED_ACTIVITY_SLOTS, loadConfig, type Config } from '../src/config';
import { connectDatabase } from '../src/db/connection';
import { startFerretDb, stopProcess, type FerretDbProcess } from '../src/db/ferretdb';
import { createSandbox } from '../src/integrations/sandbox/server';
import { generateKeyringEnv } from '../src/security/codec';
import { dataConverter, failureConverterPath } from '../src/security/data-converter';
import { connectClient } from '../src/temporal/client';
import { assertCaseSearchAttributes, searchAttributeSpecs } from '../src/temporal/search-attributes-check';
import { devServerStoreArgs } from '../src/temporal/dev-server';
import { toolPath } from '../src/tools';
import { writeCaseWorkflowBundle } from '../src/temporal/worker';
import { createFloorActivities, floorSinks } from './floor-activities';
import { WorkerWatch } from './watch';
import { startCaseWorker } from './worker';
import { freeClusterPorts, startTemporalTier } from '../scripts/cluster';
import { freePorts, Supervisor } from '../scripts/processes';

export const CASE_TASK_QUEUE = 'arrears-bench-cases';
export const FLOOR_TASK_QUEUE = 'arrears-bench-floor';
/** Activities still running when the run ends are cancelled after this, not waited for: their cases are thrown away. */
const SHUTDOWN_GRACE = '5 seconds';

export interface StackOptions {
  /** A prebuilt case workflow bundle (the test suite's); otherwise bundled here. */
  caseBundlePath?: string;
  /** A MongoDB to use instead of starting FerretDB, when Temporal is still embedded. */
  mongoUri?: string;
  env?: NodeJS.ProcessEnv;
  /** Activities the case worker runs at once; FerretDB's SQLite takes few concurrent writers. */
  activitySlots?: number;
  /** The cluster mode's Temporal (PostgreSQL, four server processes) instead of the dev server. */
  cluster?: boolean;
}

export interface BenchStack {
  mode: 'embedded' | 'external';
  config: Config;
  /** The environment the configuration was loaded from, for processes the bench starts (the API). */
  env: NodeJS.ProcessEnv;
  client: Client;
  /** Where intake, commands, lists and scale cases write; lists read it. */
  database: mongoose.Connection;
  /** Where ladder cases (lifecycle, replay) write. */
  ladderDatabase: mongoose.Connection;
  /** What the workers have seen: parked workflows, finished ladders, waiting skeletons, activity times. */
  watch: WorkerWatch;
  /**
   * Process ids whose memory and CPU the scenarios report; a service we did not
   * start is absent. The bench process holds the client, the floor worker and
   * the sandbox.
   */
  pids: { caseWorker: number; bench: number; temporal?: number; mongodb?: number; api?: number };
  /** The case workflow bundle the worker runs; replays use the same. */
  caseBundlePath: string;
  stop(): Promise<void>;
}

const quietBundler = { log() {}, trace() {}, debug() {}, info() {}, warn: console.error, error: console.error };

export async function startStack(options: StackOptions = {}): Promise<BenchStack> {
  const env = options.env ?? process.env;
  const external = loadConfig(env).ARREARS_MODE === 'external';
  const cleanups: (() => Promise<unknown>)[] = [];
  let stopping: Promise<void> | undefined;
  // Once only (a signal may come while the run is stopping anyway), last started first.
  const stop = () =>
    (stopping ??= (async () => {
      for (const cleanup of [...cleanups].reverse()) await cleanup().catch((error) => console.error(`bench: cleanup: ${error}`));
    })());
  try {
    let temporal: ChildProcess | undefined;
    /** The server process whose memory scale reports: the dev server, or the cluster's history service. */
    let temporalPid: number | undefined;
    let ferretDb: FerretDbProcess | undefined;
    const overrides: Record<string, string> = {};
    if (!external) {
      const temporalDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-bench-temporal-'));
      cleanups.push(() => rm(temporalDir, { recursive: true, force: true }));
      if (options.cluster) {
        const started = await startClusterTemporal(temporalDir, loadConfig(env).TEMPORAL_NAMESPACE);
        cleanups.push(() => started.supervisor.stopAll());
        overrides.TEMPORAL_ADDRESS = started.address;
        temporalPid = started.supervisor.pidOf('temporal-history');
      } else {
        const [port] = await freePorts(1);
        temporal = startDevServer(port, path.join(temporalDir, 'temporal.db'));
        cleanups.push(() => stopProcess(temporal!));
        overrides.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
        temporalPid = temporal.pid;
      }
      if (options.mongoUri) overrides.MONGODB_URI = options.mongoUri;
      else {
        const dataDir = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'arrears-bench-'));
        cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
        ferretDb = await startFerretDb({ dataDir });
        cleanups.push(() => ferretDb!.stop());
        overrides.MONGODB_URI = ferretDb.uri;
        overrides.WORKER_ACTIVITY_SLOTS = env.WORKER_ACTIVITY_SLOTS ?? String(EMBEDDED_ACTIVITY_SLOTS);
      }
    }
    // The sandbox providers, in this process, unless the environment names real ones.
    const [sandboxPort] = await freePorts(1);
    const sandbox = await createSandbox({ apiKey: env.PROVIDER_API_KEY ?? 'sandbox-key' }).start(sandboxPort);
    cleanups.push(() => sandbox.close());
    overrides.SANDBOX_PORT = String(sandboxPort);
    overrides.SANDBOX_SMTP_PORT = new URL(sandbox.smtpUrl).port;
    // --activity-slots wins over the environment and the embedded default.
    if (options.activitySlots) overrides.WORKER_ACTIVITY_SLOTS = String(options.activitySlots);
    // Secrets for this run only, unless the environment brings its own.
    const keyring = env.ARREARS_CODEC_KEYS ? {} : generateKeyringEnv('bench');
    const jwt = env.JWT_SECRET || env.JWT_JWKS_URL ? {} : { JWT_SECRET: randomBytes(32).toString('base64url') };
    const links = env.DEBTOR_LINK_SECRET ? {} : { DEBTOR_LINK_SECRET: randomBytes(32).toString('base64url') };
    const stackEnv = { ...env, ...keyring, ...jwt, ...links, ...overrides };
    const config = loadConfig(stackEnv);

    const client = await waitForTemporal(config);
    cleanups.push(() => client.connection.close());
    await assertCaseSearchAttributes(client, config.TEMPORAL_NAMESPACE);
    const runId = Date.now();
    const [database, ladderDatabase] = await Promise.all([
      connectDatabase(config.MONGODB_URI, `arrears_bench_${runId}`),
      connectDatabase(config.MONGODB_URI, `arrears_bench_ladder_${runId}`),
    ]);
    // An external MongoDB keeps nothing of the run; the embedded one is thrown away whole.
    for (const db of [database, ladderDatabase]) {
      cleanups.push(async () => {
        if (external || options.mongoUri) await db.dropDatabase();
        await db.close();
      });
    }
    const watch = new WorkerWatch();

    const [caseBundlePath, floorBundle] = await Promise.all([
      options.caseBundlePath ?? bundleCases(cleanups),
      bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), failureConverterPath, logger: quietBundler }),
    ]);
    // The case worker in its own process, as npm start runs it; the floor worker here.
    const caseWorker = await startCaseWorker({
      env: { ...stackEnv, TEMPORAL_TASK_QUEUE: CASE_TASK_QUEUE },
      config,
      databases: { main: database.name, ladder: ladderDatabase.name },
      bundlePath: caseBundlePath,
      shutdownGrace: SHUTDOWN_GRACE,
      watch,
    });
    cleanups.push(() => caseWorker.stop());
    const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    cleanups.push(() => connection.close());
    const floorWorker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: FLOOR_TASK_QUEUE,
      workflowBundle: floorBundle,
      activities: createFloorActivities(watch),
      dataConverter: dataConverter(config.codecKeyring),
      sinks: floorSinks(watch),
      shutdownGraceTime: SHUTDOWN_GRACE,
    });
    const floorRunning = floorWorker.run();
    cleanups.push(async () => {
      if (floorWorker.getState() === 'RUNNING') floorWorker.shutdown();
      await floorRunning;
    });

    return {
      mode: external ? 'external' : 'embedded',
      config,
      env: stackEnv,
      client,
      database,
      ladderDatabase,
      watch,
      pids: { caseWorker: caseWorker.pid, bench: process.pid, temporal: temporalPid, mongodb: ferretDb?.child.pid },
      caseBundlePath,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function bundleCases(cleanups: (() => Promise<unknown>)[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'arrears-bench-bundle-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return writeCaseWorkflowBundle(path.join(dir, 'case-workflows.js'));
}

/** The dev server on a database file, as `npm start` runs it: in memory it would hold every case in its heap. */
function startDevServer(port: number, dbFile: string): ChildProcess {
  const args = [
    'server', 'start-dev',
    ...devServerStoreArgs(dbFile),
    '--headless',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--log-level', 'error',
    ...searchAttributeSpecs().flatMap((spec) => ['--search-attribute', spec]),
  ];
  // stdout stays free for the one JSON object the bench prints.
  return spawn(toolPath('temporal'), args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** PostgreSQL and the Temporal server's four processes on free ports, their data in `dir`, supervised; output to stderr. */
async function startClusterTemporal(dir: string, namespace: string): Promise<{ supervisor: Supervisor; address: string }> {
  const supervisor = new Supervisor({
    giveUp: (reason) => console.error(`bench: cluster: ${reason}`),
    output: { out: (line) => process.stderr.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
  });
  const ports = await freeClusterPorts();
  const address = `127.0.0.1:${ports.temporal.frontend.grpc}`;
  try {
    await startTemporalTier((spec) => supervisor.start(spec), { dataDir: dir, ports, env: process.env, address, namespace });
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }
  return { supervisor, address };
}

async function waitForTemporal(config: Config, timeoutMs = 60_000): Promise<Client> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let client: Client | undefined;
    try {
      client = await connectClient(config);
      await client.connection.workflowService.getSystemInfo({});
      return client;
    } catch (error) {
      await client?.connection.close();
      if (Date.now() > deadline) throw new Error(`Temporal at ${config.TEMPORAL_ADDRESS} did not answer within ${timeoutMs} ms: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
