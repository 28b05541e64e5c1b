// What the bench and its case worker process (bench/worker-process.ts) say to
// each other over the IPC channel, and the environment the bench adds for it.
import type { WatchBatch } from './watch';

export type WorkerProcessMessage =
  | { type: 'ready' }
  /** What the case activities saw since the last batch. */
  | { type: 'watched'; batch: WatchBatch }
  | { type: 'failed'; error: string };

/** The run's databases: intake, commands, lists and scale cases write to the first, ladder cases to the second. */
export const WORKER_DATABASES_ENV = 'BENCH_WORKER_DATABASES';
/** The case workflow bundle the worker runs. */
export const WORKER_BUNDLE_ENV = 'BENCH_WORKER_CASE_BUNDLE';
/** How long activities still running at shutdown are given before they are cancelled. */
export const WORKER_GRACE_ENV = 'BENCH_WORKER_SHUTDOWN_GRACE';
