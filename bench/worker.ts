// The case worker in a process of its own (bench/worker-process.ts), started
// with the heap limit `npm start` gives its worker (WORKER_HEAP_MB), so the
// figures the bench reports for the worker are the worker's alone. What its
// activities see reaches the bench's WorkerWatch in batches.
import type { Config } from '../src/config';
import { forkBenchChild } from './child';
import type { WorkerWatch } from './watch';
import { WORKER_BUNDLE_ENV, WORKER_DATABASES_ENV, WORKER_GRACE_ENV, type WorkerProcessMessage } from './worker-protocol';

export interface BenchWorker {
  /** Its process, whose memory and CPU the scenarios report. */
  pid: number;
  /** Drains it (running activities get the grace time) and waits until it has exited. */
  stop(): Promise<void>;
}

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
  let stopping = false;
  const started = await forkBenchChild<WorkerProcessMessage>({
    entry: 'worker-process.ts',
    what: 'the case worker process',
    env,
    nodeArgs: [`--max-old-space-size=${options.config.WORKER_HEAP_MB}`],
    onMessage: (message) => {
      if (message.type === 'watched') options.watch.merge(message.batch);
    },
    // Cases would wait for a worker that is gone: say so, where the run's progress goes.
    onEnd: (reason) => {
      if (!stopping) console.error(`bench: the case worker process ${reason} while the run needed it`);
    },
  });
  return {
    pid: started.child.pid!,
    stop: () => {
      stopping = true;
      // SIGTERM, not a disconnect: the worker drains and sends its last batch over the channel.
      return started.stop('SIGTERM', STOP_TIMEOUT_MS);
    },
  };
}
