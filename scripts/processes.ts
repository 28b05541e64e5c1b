// Child processes for `npm start` and `npm run start:cluster`, supervised: each one's output prefixed with
// its name; a process that crashes after it was ready is started again after a
// growing delay and waited for until it is ready; too many crashes of one
// process in a short time stop the stack. Stopping is SIGTERM (SIGKILL after a
// grace period), last started first, each awaited on exit. And the readiness
// checks both share: a port that accepts, Temporal answering, a worker polling.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { AGENCY_CALLBACK_PATH } from '../src/api/routes/agency';
import type { Config } from '../src/config';
import { stopProcess } from '../src/db/ferretdb';
import { ensureDevelopmentSecrets } from '../src/security/dev-secrets';

const root = path.resolve(__dirname, '..');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the first stdout line matching the pattern (e.g. a URI it prints); rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  running(): boolean;
  stop(): Promise<void>;
}

/** Where the children's lines and the supervisor's own go; the console by default. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** How a process runs beyond its command: as another user (PostgreSQL refuses root), stopped by another signal. */
export interface ProcessOptions {
  user?: { uid: number; gid: number };
  /** SIGTERM unless said (PostgreSQL's fast shutdown is SIGINT: SIGTERM waits for its clients to leave). */
  stopSignal?: NodeJS.Signals;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  output: Output = consoleOutput,
  options: ProcessOptions = {},
): ManagedProcess {
  // Its own process group: Ctrl-C reaches only start.ts, which stops the
  // children in order instead of racing their exits against its own.
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options.user });
  // Not spawned at all (e.g. a missing binary): no 'exit' follows, but running() turns false.
  child.on('error', (error) => output.err(`start: ${name} could not be started (${command}): ${error.message}`));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => output.out(`[${name}] ${line}`));
  createInterface({ input: child.stderr! }).on('line', (line) => output.err(`[${name}] ${line}`));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    waitForLine: (pattern, timeoutMs = 60_000) => firstLine(name, child, lines, pattern, timeoutMs),
    running,
    stop: () => stopProcess(child, undefined, options.stopSignal),
  };
}

function firstLine(name: string, child: ChildProcess, lines: Interface, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error, line?: string) => {
      clearTimeout(timer);
      lines.off('line', onLine);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve(line!);
    };
    const timer = setTimeout(() => finish(new Error(`${name} printed no line matching ${pattern} in ${timeoutMs} ms`)), timeoutMs);
    const onLine = (line: string) => {
      if (pattern.test(line)) finish(undefined, line);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(new Error(`${name} ${exitDescription(code, signal)} before it was ready`));
    const onError = (error: Error) => finish(new Error(`${name} could not be started: ${error.message}`));
    lines.on('line', onLine);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/**
 * Resolves when `check` first resolves true (tried every 250 ms); rejects when
 * the process exits first or the deadline passes. Readiness is asked of the
 * process itself, not read from its logs, so any LOG_LEVEL works.
 */
export async function readyWhen(proc: ManagedProcess, what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let problem = '';
    try {
      if (await check()) return;
    } catch (error) {
      problem = `: ${error instanceof Error ? error.message : error}`;
    }
    if (!proc.running()) throw new Error(`${proc.name} exited before ${what}`);
    if (Date.now() > deadline) throw new Error(`${proc.name}: not ${what} within ${timeoutMs} ms${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** True when something accepts connections on host:port. */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** What to run, and how to tell that it is ready to serve. */
export interface ProcessSpec extends ProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  ready(process: ManagedProcess): Promise<unknown>;
}

/** Runs a TypeScript entry point (a path in the project) with the node running this script, through tsx. */
export function typeScriptProcess(name: string, entry: string, env: NodeJS.ProcessEnv, ready: ProcessSpec['ready']): ProcessSpec {
  return { name, command: process.execPath, args: ['--import', 'tsx', entry], env, ready };
}

/**
 * A case worker process (worker.ts) with its heap limited to WORKER_HEAP_MB,
 * ready once it polls the case task queue: npm start runs one, start:cluster
 * three, and a rolling deploy hands `Supervisor.replace` one with the new
 * release's WORKFLOW_BUNDLE_PATH in `env`.
 */
export function caseWorkerProcess(name: string, env: NodeJS.ProcessEnv, config: Config): ProcessSpec {
  return {
    name,
    command: process.execPath,
    args: [`--max-old-space-size=${config.WORKER_HEAP_MB}`, '--import', 'tsx', 'worker.ts'],
    env,
    ready: (proc) => workerPolling(config, proc),
  };
}

/**
 * What npm start and start:cluster derive for the arrears processes of a stack
 * on this machine, for the variables the environment leaves unset: the kept
 * development secrets, the log format, the case list index, activity slots
 * FerretDB can take, and where agencies post collections back.
 */
export async function localStackDefaults(options: { dataDir: string; apiBase: string; activitySlots: number }): Promise<Record<string, string>> {
  return {
    // The children's output comes through this process: readable if a person watches it.
    LOG_FORMAT: process.stdout.isTTY ? 'pretty' : 'json',
    ...(await ensureDevelopmentSecrets(options.dataDir)),
    // FerretDB on SQLite takes fewer writers at once than MongoDB.
    WORKER_ACTIVITY_SLOTS: String(options.activitySlots),
    // FerretDB fetches and sorts every row a list names: the API keeps the open cases in an index instead.
    CASE_LIST_SOURCE: 'index',
    // Agency collections come back to the API; the sandbox signs its callbacks with an agency-role token.
    AGENCY_CALLBACK_URL: `${options.apiBase}${AGENCY_CALLBACK_PATH}`,
  };
}

export interface RestartPolicy {
  /** This many crashes of one process within `crashWindowMs` stop the stack. */
  crashLimit: number;
  crashWindowMs: number;
  /** The delay before the first restart; it doubles with each further crash in the window, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const RESTART_POLICY: RestartPolicy = { crashLimit: 5, crashWindowMs: 60_000, firstDelayMs: 1000, maxDelayMs: 15_000 };

interface Service {
  spec: ProcessSpec;
  current: ManagedProcess;
  /** Until it is first ready, an exit is a failed start (the caller is told), not a crash to restart. */
  everReady: boolean;
  /** The current process has been ready since it started (false from a crash until the restart is ready). */
  ready: boolean;
  crashes: number[];
  restartTimer?: NodeJS.Timeout;
  /** A process being replaced on purpose (replace): its exit is no crash. */
  retiring?: ManagedProcess;
}

export class Supervisor {
  private readonly services: Service[] = [];
  private stopping?: Promise<void>;

  private readonly giveUp: (reason: string) => void;
  private readonly policy: RestartPolicy;
  private readonly output: Output;

  /** `giveUp` is called when a process crashes too often; the caller stops the stack. */
  constructor(options: { giveUp: (reason: string) => void; policy?: RestartPolicy; output?: Output }) {
    this.giveUp = options.giveUp;
    this.policy = options.policy ?? RESTART_POLICY;
    this.output = options.output ?? consoleOutput;
  }

  /** Starts the process and resolves when it is ready; from then on it is restarted whenever it crashes. */
  async start(spec: ProcessSpec): Promise<void> {
    // Once stopping, nothing new starts: stopAll would not see it.
    if (this.stopping) throw new Error(`not starting ${spec.name}: the stack is stopping`);
    const service: Service = { spec, current: this.launch(spec), everReady: false, ready: false, crashes: [] };
    this.services.push(service);
    this.watch(service);
    await spec.ready(service.current);
    service.everReady = true;
    service.ready = true;
  }

  /** Stops every process, last started first; a pending restart is called off. Safe to call more than once. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.services].reverse()) {
        clearTimeout(service.restartTimer);
        await service.current.stop();
      }
    })();
    return this.stopping;
  }

  /** The pid of the named process as it runs now (a restart gives it a new one); undefined when it is not running. */
  pidOf(name: string): number | undefined {
    const service = this.services.find((candidate) => candidate.spec.name === name);
    return service?.current.running() ? service.current.child.pid : undefined;
  }

  /** Resolves once the named process runs and is ready again after a crash (a restart); for fault tests and operators. */
  async whenReady(name: string, timeoutMs = 120_000): Promise<void> {
    const service = this.services.find((candidate) => candidate.spec.name === name);
    if (!service) throw new Error(`no process named ${name}`);
    const deadline = Date.now() + timeoutMs;
    while (!(service.ready && service.current.running())) {
      if (this.stopping) throw new Error(`${name}: the stack is stopping`);
      if (Date.now() > deadline) throw new Error(`${name} was not ready again within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * A rolling deploy of one process: stops the named one as a stop does (SIGTERM:
   * a worker drains), then starts `spec` in its place and resolves when it is
   * ready. From then on a crash restarts `spec`. The others keep running
   * throughout, so a deploy replaces them one at a time.
   */
  async replace(name: string, spec: ProcessSpec): Promise<void> {
    const service = this.services.find((candidate) => candidate.spec.name === name);
    if (!service) throw new Error(`no process named ${name}`);
    if (this.stopping) throw new Error(`not replacing ${name}: the stack is stopping`);
    clearTimeout(service.restartTimer);
    service.retiring = service.current;
    service.ready = false;
    await service.current.stop();
    service.spec = { ...spec, name };
    service.current = this.launch(service.spec);
    this.watch(service);
    await service.spec.ready(service.current);
    service.ready = true;
  }

  /** Process ids still running; for a last-resort kill when start.ts itself exits. */
  runningPids(): number[] {
    return this.services.filter((service) => service.current.running()).map((service) => service.current.child.pid!);
  }

  private launch(spec: ProcessSpec): ManagedProcess {
    const proc = startProcess(spec.name, spec.command, spec.args, spec.env, this.output, spec);
    if (proc.child.pid !== undefined) this.output.out(`start: ${spec.name} started (pid ${proc.child.pid})`);
    return proc;
  }

  private watch(service: Service): void {
    const proc = service.current;
    proc.child.once('exit', (code, signal) => {
      if (this.stopping || !service.everReady || service.current !== proc || service.retiring === proc) return;
      service.ready = false;
      const now = Date.now();
      service.crashes = [...service.crashes.filter((at) => now - at < this.policy.crashWindowMs), now];
      const attempt = service.crashes.length;
      const { name } = service.spec;
      const how = `${name} (pid ${proc.child.pid}) ${exitDescription(code, signal)}`;
      if (attempt >= this.policy.crashLimit) {
        this.giveUp(`${how}: ${attempt} crashes within ${this.policy.crashWindowMs / 1000} s, so the stack stops`);
        return;
      }
      const delay = Math.min(this.policy.firstDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs);
      this.output.err(
        `start: ${how}; restarting it in ${delay} ms, attempt ${attempt} ` +
          `(${this.policy.crashLimit} crashes within ${this.policy.crashWindowMs / 1000} s stop the stack)`,
      );
      service.restartTimer = setTimeout(() => void this.restart(service), delay);
    });
  }

  private async restart(service: Service): Promise<void> {
    if (this.stopping) return;
    const proc = this.launch(service.spec);
    service.current = proc;
    this.watch(service);
    try {
      await service.spec.ready(proc);
      service.ready = true;
      this.output.out(`start: ${service.spec.name} restarted and ready (pid ${proc.child.pid})`);
    } catch (error) {
      if (this.stopping) return;
      const why = error instanceof Error ? error.message : String(error);
      // Not spawned at all: no exit will come to count it, and trying again would not help.
      if (proc.child.pid === undefined) return this.giveUp(`${service.spec.name} could not be started again: ${why}`);
      this.output.err(`start: ${service.spec.name} restart failed: ${why}`);
      // Alive but not ready in time: stopping it makes it one more crash, retried with a longer delay.
      if (proc.running()) await proc.stop();
    }
  }
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `exited with signal ${signal}` : `exited with code ${code}`;
}

/** Ready once something accepts connections on host:port. */
export const listeningOn = (host: string, port: number) => (proc: ManagedProcess) =>
  readyWhen(proc, `listening on ${host}:${port}`, () => accepts(host, port));

/** True when Temporal's frontend at host:port answers. */
export async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Ready once Temporal lists this worker process (identity pid@host) among the case task queue's pollers. */
export async function workerPolling(config: Config, proc: ManagedProcess): Promise<void> {
  let connection: Connection | undefined;
  try {
    // The first start bundles the workflows: longer than a server takes.
    await readyWhen(proc, `polling ${config.TEMPORAL_TASK_QUEUE}`, async () => {
      // Connected in the check: Temporal may itself be restarting.
      connection ??= await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 2000 });
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: { name: config.TEMPORAL_TASK_QUEUE, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      return (pollers ?? []).some((poller) => poller.identity?.startsWith(`${proc.child.pid}@`));
    }, 180_000);
  } finally {
    await connection?.close();
  }
}

/**
 * `count` distinct ports free on 127.0.0.1 now, none of them in `avoid` (a
 * stack's defaults), for servers on ports of the caller's choosing. They are
 * below the kernel's ephemeral range (Linux: 32768 and up), where no port-0
 * allocation lands: the dev server's internal services and other suites pick
 * theirs there and could take one before its server binds it. And Temporal
 * keeps a service's membership port as a smallint, so an ephemeral port fails
 * its start.
 */
export async function freePorts(count: number, avoid: readonly number[] = []): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!avoid.includes(port) && (await bindable(port))) ports.add(port);
  }
  return [...ports];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
