// `npm start` as a process supervisor, end to end: the embedded stack on ports
// moved off every default and data in its own directory, so it can run beside
// another stack; a worker killed with SIGKILL comes back while the rest (the
// sandbox and its records) keeps running; Ctrl-C leaves no process behind; a
// port held by something else is refused before anything starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { freePorts } from '../../scripts/processes';

const root = path.resolve(__dirname, '../..');
const TASK_QUEUE = 'arrears-cases';
const DEFAULT_PORTS = [27017, 7233, 8233, 4010, 8888, 3000, 2525];

let stack: ChildProcess | undefined;
let dataDir: string;
const pids = new Map<string, number[]>();

afterAll(async () => {
  // Only when the test failed half-way: nothing this test started may outlive it.
  if (stack && stack.exitCode === null && stack.signalCode === null) stack.kill('SIGKILL');
  for (const pid of [...pids.values()].flat()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('the embedded stack runs on moved ports, restarts a killed worker, and stops on SIGINT leaving nothing behind', async () => {
  const [mongoPort, temporalPort, uiPort, sandboxPort, codecPort, apiPort, smtpPort] = await freePorts(7, DEFAULT_PORTS);
  const moved = [mongoPort, temporalPort, uiPort, sandboxPort, codecPort, apiPort, smtpPort];
  for (const port of moved) {
    expect(DEFAULT_PORTS).not.toContain(port);
    expect(await listening(port)).toBe(false);
  }
  const defaultsInUseBefore = await Promise.all(DEFAULT_PORTS.map(listening));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-start-'));

  const env = stackEnvironment(dataDir, { mongoPort, temporalPort, uiPort, sandboxPort, codecPort, apiPort, smtpPort });
  stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = follow(stack);

  await output.waitFor(/^arrears is running/, 120_000);
  expect(await readiness(apiPort)).toBe('ready');
  const temporalConnection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  try {
    for (const port of moved) expect(await listening(port)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    // The banner names the console, and the console is there.
    const consoleUrl = /^\s+Console\s+(http:\S+)/.exec(await output.waitFor(/^\s+Console\s+http/, 5_000))![1];
    expect(consoleUrl).toBe(`http://127.0.0.1:${apiPort}/console`);
    expect((await fetch(consoleUrl)).status).toBe(200);
    // Where a default port was free, the stack left it free: it listens on the moved ones only.
    const defaultsInUseAfter = await Promise.all(DEFAULT_PORTS.map(listening));
    DEFAULT_PORTS.forEach((port, index) => {
      if (!defaultsInUseBefore[index]) expect({ port, listening: defaultsInUseAfter[index] }).toEqual({ port, listening: false });
    });
    for (const name of ['ferretdb', 'temporal', 'sandbox', 'codec', 'worker', 'api']) expect(pids.get(name)).toHaveLength(1);
    const [worker] = pids.get('worker')!;
    const [sandbox] = pids.get('sandbox')!;
    // Its heap is limited (WORKER_HEAP_MB): Node's default lets a busy worker hold gigabytes of garbage.
    expect(readFileSync(`/proc/${worker}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=1024');
    await until(async () => (await pollerIdentities(temporalConnection)).some((id) => id.startsWith(`${worker}@`)), 20_000);

    process.kill(worker, 'SIGKILL');
    await output.waitFor(new RegExp(`^start: worker \\(pid ${worker}\\) exited with signal SIGKILL; restarting it in \\d+ ms`), 10_000);
    const back = await output.waitFor(/^start: worker restarted and ready \(pid \d+\)/, 60_000);
    const restarted = pids.get('worker')![1];
    expect(back).toContain(`(pid ${restarted})`);
    expect(alive(worker)).toBe(false);
    expect(alive(restarted)).toBe(true);
    // The rest kept running: the sandbox (with its records in memory) is the same process.
    expect(pids.get('sandbox')).toEqual([sandbox]);
    expect(alive(sandbox)).toBe(true);
    expect(await readiness(apiPort)).toBe('ready');
    await until(async () => (await pollerIdentities(temporalConnection)).some((id) => id.startsWith(`${restarted}@`)), 20_000);
  } finally {
    await temporalConnection.close();
  }

  // Everything start.ts runs now, its children's helpers too (tsx's esbuild service).
  const descendants = descendantsOf(stack.pid!);
  expect(descendants).toEqual(expect.arrayContaining([...pids.values()].map((started) => started.at(-1))));
  // A terminal's Ctrl-C reaches start.ts more than once (npm and tsx relay it too): the second must not cut the stop short.
  stack.kill('SIGINT');
  await output.waitFor(/^start: stopping/, 10_000);
  stack.kill('SIGINT');
  const exitCode = await new Promise<number | null>((resolve) => {
    if (stack!.exitCode !== null) resolve(stack!.exitCode);
    else stack!.once('exit', (code) => resolve(code));
  });
  expect(exitCode).toBe(0);
  const started = [...pids.values()].flat();
  expect(started).toHaveLength(7);
  expect(started.filter(alive)).toEqual([]);
  expect(descendants.filter(alive)).toEqual([]);
  for (const port of moved) expect(await listening(port)).toBe(false);
  // The stack kept its files in its own data directory.
  for (const file of ['dev-secrets.json', 'ferretdb', 'temporal.db']) expect(existsSync(path.join(dataDir, file))).toBe(true);
}, 180_000);

test('a port already taken stops start-up before anything starts, naming its variable', async () => {
  const [taken, ...others] = await freePorts(7, DEFAULT_PORTS);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
  const ownDataDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-start-taken-'));
  try {
    const [mongoPort, temporalPort, uiPort, sandboxPort, codecPort, smtpPort] = others;
    const env = stackEnvironment(ownDataDir, { mongoPort, temporalPort, uiPort, sandboxPort, codecPort, apiPort: taken, smtpPort });
    const refused = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = follow(refused);
    const exitCode = await new Promise<number | null>((resolve) => refused.once('exit', (code) => resolve(code)));
    expect(exitCode).toBe(1);
    expect(output.lines.join('\n')).toContain(`Already in use: port ${taken} (API_PORT)`);
    expect(output.lines.filter((line) => / started \(pid \d+\)/.test(line))).toEqual([]);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
    await rm(ownDataDir, { recursive: true, force: true });
  }
});

/** Only what the stack needs: the suite's own MONGODB_URI (its FerretDB) must not leak in. */
function stackEnvironment(
  dataDir: string,
  ports: { mongoPort: number; temporalPort: number; uiPort: number; sandboxPort: number; codecPort: number; apiPort: number; smtpPort: number },
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ARREARS_MODE: 'embedded',
    ARREARS_DATA_DIR: dataDir,
    MONGODB_URI: `mongodb://127.0.0.1:${ports.mongoPort}/arrears`,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporalPort}`,
    TEMPORAL_UI_PORT: String(ports.uiPort),
    SANDBOX_PORT: String(ports.sandboxPort),
    SANDBOX_SMTP_PORT: String(ports.smtpPort),
    CODEC_SERVER_PORT: String(ports.codecPort),
    API_PORT: String(ports.apiPort),
  };
}

/** Collects start.ts's output lines and the pid of every process it starts ("start: <name> started (pid N)"). */
function follow(child: ChildProcess) {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onLine = (line: string) => {
    lines.push(line);
    const started = /^start: (\S+) started \(pid (\d+)\)/.exec(line);
    if (started) pids.set(started[1], [...(pids.get(started[1]) ?? []), Number(started[2])]);
    for (const wake of waiters) wake();
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    for (const wake of waiters) wake();
  });
  let seen = 0;
  return {
    lines,
    /** The next line (after those already matched) matching the pattern; fails when start.ts exits first or at the deadline. */
    waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        const finish = (error?: Error, line?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(new Error(`${error.message}; start.ts printed:\n${lines.slice(-40).join('\n')}`));
          else resolve(line!);
        };
        const check = () => {
          for (; seen < lines.length; seen++) {
            if (pattern.test(lines[seen])) return finish(undefined, lines[seen++]);
          }
          if (exited) finish(new Error(`start.ts exited (code ${child.exitCode}) before a line matching ${pattern}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function readiness(apiPort: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
  return ((await response.json()) as { status: string }).status;
}

/** Identities (pid@host) of the workers polling the case task queue. */
async function pollerIdentities(connection: Connection): Promise<string[]> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: TASK_QUEUE, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (pollers ?? []).map((poller) => poller.identity ?? '');
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Running (a zombie that nobody reaps, where PID 1 does not, is not running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = procStat(pid);
  return stat === undefined || stat.state !== 'Z';
}

/** Every process under `pid`, from /proc (Linux); empty where there is no /proc. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number[]>();
  const entries = existsSync('/proc') ? readdirSync('/proc').filter((name) => /^\d+$/.test(name)) : [];
  for (const entry of entries) {
    const stat = procStat(Number(entry));
    if (stat) parents.set(stat.ppid, [...(parents.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (const queue = [pid]; queue.length > 0; ) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // "pid (command) state ppid …"; the command may hold spaces and parentheses.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}
