// The case worker in a process of its own (bench/worker-process.ts), started
// with the heap limit `npm start` gives its worker (WORKER_HEAP_MB), so the
// figures the bench reports for the worker are the worker's alone. What its
// activities see reaches the bench's WorkerWatch in batches.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../src/config';
import type { WorkerWatch } from './watch';
import { WORKER_BUNDLE_ENV, WORKER_DATABASES_ENV, WORKER_GRACE_ENV, type WorkerProcessMessage } from './worker-protocol';

export interface BenchWorker {
  /** Its process, whose memory and CPU the scenarios report. */
  pid: number;
  /** Drains it (running activities get the grace time) and waits until it has exited. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startCaseWorker(options: {
  env: NodeJS.ProcessEnv;
  config: Config;
  databases: { main: string; ladder: string };
  bundlePath: string;
  shutdownGrace: string;
  watch: WorkerWatch;
}): Promise<BenchWorker> {
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    [WORKER_DATABASES_ENV]: `${options.databases.main},${options.databases.ladder}`,
    [WORKER_BUNDLE_ENV]: options.bundlePath,
    [WORKER_GRACE_ENV]: options.shutdownGrace,
  };
  // tsx runs the TypeScript child, whether the bench itself runs under tsx or jest.
  const child = fork(path.join(__dirname, 'worker-process.ts'), [], {
    env,
    execArgv: [`--max-old-space-size=${options.config.WORKER_HEAP_MB}`, '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: the case worker process was not ready in ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.on('message', (message: WorkerProcessMessage) => {
      if (message.type === 'watched') options.watch.merge(message.batch);
      else if (message.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else {
        clearTimeout(timer);
        reject(new Error(`bench: the case worker process: ${message.error}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const reason = `bench: the case worker process exited (${signal ?? code})`;
      reject(new Error(reason));
      // Cases would wait for a worker that is gone: say so, where the run's progress goes.
      if (!stopping) console.error(`${reason} while the run needed it`);
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid!,
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
