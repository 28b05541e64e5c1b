// The cluster mode: arrears on the real Temporal server, as a lender runs it when
// it outgrows one process, all on this machine under one supervisor:
//   PostgreSQL (its data under <dataDir>/postgres), holding Temporal's persistence and visibility;
//   the Temporal server as four processes (frontend, history, matching, worker) from one
//     config file, deploy/temporal/config.yaml, with the namespace and the case search attributes;
//   FerretDB, the MongoDB-compatible store, as in the embedded mode;
//   the sandbox providers; three case workers; two API processes.
// `npm run start:cluster` (scripts/start-cluster.ts) runs it on fixed ports; the
// cluster fault tests run it on free ones and kill its processes.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { fillUnset, loadConfig, type Config } from '../src/config';
import { assertCaseSearchAttributes, registerCaseSearchAttributes } from '../src/temporal/search-attributes-check';
import { writeCaseWorkflowBundle } from '../src/temporal/worker';
import { TOOLS_BIN, toolPath } from '../src/tools';
import { caseWorkerProcess, freePorts, listeningOn, localStackDefaults, readyWhen, Supervisor, temporalAnswers, typeScriptProcess, type Output, type ProcessSpec } from './processes';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');

export const TEMPORAL_CONFIG = path.join(root, 'deploy/temporal/config.yaml');
const DYNAMIC_CONFIG = path.join(root, 'deploy/temporal/dynamicconfig.yaml');
const SCHEMA_DIR = path.join(TOOLS_BIN, '../temporal-schema/postgresql/v12');
const DB_USER = 'temporal';
/** How long Temporal keeps a closed case's history. */
const RETENTION = '7 days';
/** gRPC's ALREADY_EXISTS status code. */
const ALREADY_EXISTS = 6;

export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface ClusterPorts {
  postgres: number;
  /** gRPC and membership port of each Temporal service; the frontend's gRPC port is TEMPORAL_ADDRESS. */
  temporal: Record<TemporalService, { grpc: number; membership: number }>;
  frontendHttp: number;
  mongodb: number;
  sandbox: number;
  sandboxSmtp: number;
  /** One per API process. */
  apis: number[];
}

/** The local cluster's ports: Temporal's usual ones, so tools that default to 127.0.0.1:7233 find it. */
export const DEFAULT_CLUSTER_PORTS: ClusterPorts = {
  postgres: 5432,
  temporal: {
    frontend: { grpc: 7233, membership: 6933 },
    history: { grpc: 7234, membership: 6934 },
    matching: { grpc: 7235, membership: 6935 },
    worker: { grpc: 7239, membership: 6939 },
  },
  frontendHttp: 7243,
  mongodb: 27017,
  sandbox: 4010,
  sandboxSmtp: 2525,
  apis: [3000, 3001],
};

/**
 * Free ports for every part, none of them a default, so a cluster runs beside
 * npm start or another cluster: the fault tests' and the bench's.
 */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  const defaults = Object.values(DEFAULT_CLUSTER_PORTS.temporal).flatMap(({ grpc, membership }) => [grpc, membership]);
  const [postgres, f, fm, h, hm, m, mm, w, wm, frontendHttp, mongodb, sandbox, sandboxSmtp, api1, api2] = await freePorts(15, [
    ...defaults,
    DEFAULT_CLUSTER_PORTS.postgres,
    DEFAULT_CLUSTER_PORTS.mongodb,
  ]);
  return {
    postgres,
    temporal: { frontend: { grpc: f, membership: fm }, history: { grpc: h, membership: hm }, matching: { grpc: m, membership: mm }, worker: { grpc: w, membership: wm } },
    frontendHttp,
    mongodb,
    sandbox,
    sandboxSmtp,
    apis: [api1, api2],
  };
}

export interface ClusterOptions {
  /** Where PostgreSQL, FerretDB and the development secrets keep their data. */
  dataDir: string;
  ports: ClusterPorts;
  workers?: number;
  /** The environment the arrears processes start from (ARREARS_DAY_LENGTH and the like); process.env by default. */
  env?: NodeJS.ProcessEnv;
  output?: Output;
  /** Called when a process crashes too often; the caller stops the cluster. */
  giveUp?: (reason: string) => void;
}

export interface Cluster {
  /** Its processes by name (pidOf, whenReady): postgres, temporal-<service>, ferretdb, sandbox, worker-<n>, api-<n>. */
  supervisor: Supervisor;
  /** The configuration the workers and APIs run with. */
  config: Config;
  /** The workers' and APIs' environment (the workers' adds WORKFLOW_BUNDLE_PATH), for another worker or a client. */
  env: NodeJS.ProcessEnv;
  /** The case workers' environment: `env` with the bundle they load. */
  workerEnv: NodeJS.ProcessEnv;
  /** Where each part listens, for people. */
  where: Record<string, string>;
  apiBases: string[];
  stop(): Promise<void>;
}

/** Starts every part in order, each ready before the next; stops what started if one fails. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { ports, dataDir } = options;
  const supervisor = new Supervisor({ giveUp: options.giveUp ?? ((reason) => console.error(`cluster: ${reason}`)), output: options.output });
  const start = (spec: ProcessSpec) => supervisor.start(spec);
  try {
    await mkdir(dataDir, { recursive: true });
    const env = await arrearsEnvironment(options);
    const config = loadConfig(env);

    await startTemporalTier(start, { dataDir, ports, env, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });

    await start({
      name: 'ferretdb',
      command: toolPath('ferretdb'),
      args: ['--port', String(ports.mongodb), '--data', path.join(dataDir, 'ferretdb')],
      env,
      ready: (proc) => proc.waitForLine(/^mongodb:\/\//),
    });
    await start(typeScriptProcess('sandbox', 'src/integrations/sandbox/main.ts', env, listeningOn('127.0.0.1', ports.sandboxSmtp)));
    // Bundled once, here, for all the workers (each would spend half a minute of CPU on it), unless one was given.
    const workerEnv = { ...env, WORKFLOW_BUNDLE_PATH: env.WORKFLOW_BUNDLE_PATH ?? (await writeCaseWorkflowBundle(path.join(dataDir, 'case-workflows.js'))) };
    for (let n = 1; n <= (options.workers ?? 3); n++) await start(caseWorkerProcess(`worker-${n}`, workerEnv, config));
    for (const [index, port] of ports.apis.entries()) {
      await start(typeScriptProcess(`api-${index + 1}`, 'src/api/main.ts', { ...env, API_PORT: String(port) }, listeningOn(config.API_HOST, port)));
    }
    const apiBases = ports.apis.map((port) => `http://${config.API_HOST}:${port}`);
    return {
      supervisor,
      config,
      env,
      workerEnv,
      apiBases,
      where: {
        PostgreSQL: `postgresql://${DB_USER}@127.0.0.1:${ports.postgres} (databases temporal, temporal_visibility)`,
        'Temporal frontend': config.TEMPORAL_ADDRESS,
        'Temporal services': TEMPORAL_SERVICES.map((service) => `${service} ${ports.temporal[service].grpc}`).join(', '),
        'MongoDB (FerretDB)': config.MONGODB_URI,
        'Sandbox providers': `http://127.0.0.1:${ports.sandbox}`,
        Workers: `${options.workers ?? 3} on ${config.TEMPORAL_TASK_QUEUE}`,
        APIs: apiBases.join(', '),
        Console: `${apiBases[0]}/console`,
        Data: dataDir,
      },
      stop: () => supervisor.stopAll(),
    };
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }
}

export interface TemporalTierOptions {
  dataDir: string;
  ports: Pick<ClusterPorts, 'postgres' | 'temporal' | 'frontendHttp'>;
  /** PostgreSQL's environment. */
  env: NodeJS.ProcessEnv;
  /** The frontend's host:port, and the namespace to register there. */
  address: string;
  namespace: string;
}

/**
 * PostgreSQL with Temporal's schemas, the four Temporal services, and the
 * namespace with the case search attributes, each started through `start` (a
 * supervisor's) and ready before the next: the cluster's lower half, which the
 * bench's --cluster runs under its own workers.
 */
export async function startTemporalTier(start: (spec: ProcessSpec) => Promise<void>, options: TemporalTierOptions): Promise<void> {
  const { dataDir, ports, address } = options;
  await start(await postgresProcess(dataDir, ports.postgres, options.env));
  await setUpSchemas(ports.postgres);
  const temporalEnv = { ...process.env, ...temporalServerEnvironment(ports) };
  for (const service of TEMPORAL_SERVICES) {
    const { grpc } = ports.temporal[service];
    await start({
      name: `temporal-${service}`,
      command: toolPath('temporal-server'),
      args: ['--config-file', TEMPORAL_CONFIG, '--allow-no-auth', 'start', '--service', service],
      env: temporalEnv,
      ready:
        service === 'frontend'
          ? (proc) => readyWhen(proc, `answering at ${address}`, () => temporalAnswers(address), 120_000)
          : listeningOn('127.0.0.1', grpc),
    });
  }
  await ensureNamespace(address, options.namespace);
}

/** The workers' and APIs' environment: the given one, with the cluster's addresses and kept secrets where it leaves them unset. */
async function arrearsEnvironment(options: ClusterOptions): Promise<NodeJS.ProcessEnv> {
  const { ports, dataDir } = options;
  const given = options.env ?? process.env;
  const apiHost = given.API_HOST ?? '127.0.0.1';
  return fillUnset(
    {
      ...given,
      // The cluster's own addresses always win: they are what it started.
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal.frontend.grpc}`,
      MONGODB_URI: `mongodb://127.0.0.1:${ports.mongodb}/arrears`,
      SANDBOX_PORT: String(ports.sandbox),
      SANDBOX_SMTP_PORT: String(ports.sandboxSmtp),
      API_PORT: String(ports.apis[0]),
      ARREARS_DATA_DIR: dataDir,
    },
    // Three workers share FerretDB on SQLite.
    await localStackDefaults({ dataDir, apiBase: `http://${apiHost}:${ports.apis[0]}`, activitySlots: 8 }),
  );
}

/** What deploy/temporal/config.yaml reads: the ports of this cluster and its database. */
export function temporalServerEnvironment(ports: TemporalTierOptions['ports']): Record<string, string> {
  const env: Record<string, string> = {
    TEMPORAL_DB_HOST: '127.0.0.1',
    TEMPORAL_DB_PORT: String(ports.postgres),
    TEMPORAL_DB_USER: DB_USER,
    TEMPORAL_DYNAMIC_CONFIG: DYNAMIC_CONFIG,
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
  };
  for (const service of TEMPORAL_SERVICES) {
    env[`TEMPORAL_${service.toUpperCase()}_PORT`] = String(ports.temporal[service].grpc);
    env[`TEMPORAL_${service.toUpperCase()}_MEMBERSHIP_PORT`] = String(ports.temporal[service].membership);
  }
  return env;
}

/** A PostgreSQL binary of the newest version Debian installed, else from PATH. */
export function postgresBinary(name: 'postgres' | 'initdb' | 'pg_isready'): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = path.join(base, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return name;
}

/** PostgreSQL refuses to run as root: as root it runs as the postgres user Debian's package made. */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error('PostgreSQL cannot run as root and there is no postgres user: install postgresql-15 (scripts/install-cluster.sh does)');
  }
}

/** PostgreSQL on 127.0.0.1 only (no socket file), trusting local connections, its data made on first start. */
async function postgresProcess(dataDir: string, port: number, env: NodeJS.ProcessEnv): Promise<ProcessSpec> {
  const pgData = path.join(dataDir, 'postgres');
  const user = await postgresUser();
  if (user) {
    // The postgres user must pass through the data directory (mkdtemp makes it 0700) to reach its own.
    await chmod(dataDir, (await stat(dataDir)).mode | 0o001);
  }
  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    await mkdir(pgData, { recursive: true, mode: 0o700 });
    if (user) await chown(pgData, user.uid, user.gid);
    await run(postgresBinary('initdb'), ['-D', pgData, '-U', DB_USER, '--auth=trust', '-E', 'UTF8', '--locale=C'], { ...user }).catch((error) => {
      throw new Error(`initdb could not make ${pgData}: ${error.stderr || error.message}`);
    });
  }
  const args = ['-D', pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  return {
    name: 'postgres',
    command: postgresBinary('postgres'),
    // Its log at FATAL and above, without statements: Temporal's services race to insert the same rows at start, by design.
    args: [...args, '-c', 'log_min_messages=fatal', '-c', 'log_min_error_statement=panic'],
    env,
    user,
    stopSignal: 'SIGINT',
    ready: (proc) =>
      readyWhen(proc, `accepting connections on 127.0.0.1:${port}`, async () => {
        await run(postgresBinary('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, '-q']);
        return true;
      }),
  };
}

/** Temporal's two databases at the schema versions this server wants: made on first start, brought up to date after. */
async function setUpSchemas(port: number): Promise<void> {
  const tool = toolPath('temporal-sql-tool');
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(port), '-u', DB_USER, '--db', database];
    const sql = (...args: string[]) =>
      run(tool, [...base, ...args]).catch((error) => {
        throw new Error(`temporal-sql-tool ${args[0]} on ${database}: ${error.stderr || error.message}`);
      });
    const created = await run(tool, [...base, 'create-database']).then(
      () => true,
      (error) => {
        if (/already exists/.test(`${error.stderr}${error.stdout}`)) return false;
        throw new Error(`temporal-sql-tool create-database ${database}: ${error.stderr || error.message}`);
      },
    );
    if (created) await sql('setup-schema', '-v', '0.0');
    await sql('update-schema', '-d', path.join(SCHEMA_DIR, schema, 'versioned'));
  }
}

/** The real server makes no namespace: registers it, then the case search attributes it lacks, and waits until both are seen. */
async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) })
      .catch((error: { code?: number }) => {
        if (error.code !== ALREADY_EXISTS) throw error;
      });
    const client = new Client({ connection, namespace });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        await assertCaseSearchAttributes(client, namespace);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`namespace ${namespace} not ready in 60 s: ${error instanceof Error ? error.message : error}`);
        // The frontend sees a new namespace when its cache refreshes (every 10 s); then the attributes can be added.
        await registerCaseSearchAttributes(connection, namespace).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  } finally {
    await connection.close();
  }
}
