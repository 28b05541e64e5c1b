// The case worker the bench measures, in a process of its own as `npm start`
// runs it (worker.ts, with the same heap limit), so the scale scenario reads
// the worker's own memory and CPU, not the bench's. The parent (bench/worker.ts)
// forks it with the stack's environment; it polls the bench's case task queue
// and sends what its activities saw (WatchBatch) every 100 ms. It drains and
// stops when the parent disconnects or on SIGTERM.
import type { Duration } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { activityDependencies } from '../src/activities';
import { caseWorkerActivities } from '../src/cases/worker-activities';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connection';
import { createCaseWorker } from '../src/temporal/worker';
import { benchCaseActivities } from './case-activities';
import { installQuietRuntime } from './runtime';
import { BatchingWatch } from './watch';
import { WORKER_BUNDLE_ENV, WORKER_DATABASES_ENV, WORKER_GRACE_ENV, type WorkerProcessMessage } from './worker-protocol';

const BATCH_MS = 100;

async function main(): Promise<void> {
  const send = (message: WorkerProcessMessage) => process.send?.(message);
  installQuietRuntime();
  const config = loadConfig();
  const [mainName, ladderName] = (process.env[WORKER_DATABASES_ENV] ?? '').split(',');
  if (!mainName || !ladderName) throw new Error(`${WORKER_DATABASES_ENV} must name the run's two databases`);
  const [connection, database, ladderDatabase] = await Promise.all([
    NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    connectDatabase(config.MONGODB_URI, mainName),
    connectDatabase(config.MONGODB_URI, ladderName),
  ]);
  const watch = new BatchingWatch();
  const worker = await createCaseWorker({
    connection,
    config,
    activities: benchCaseActivities((db) => caseWorkerActivities(activityDependencies(config, db)), database, ladderDatabase, watch),
    workflowBundlePath: process.env[WORKER_BUNDLE_ENV],
    overrides: { shutdownGraceTime: (process.env[WORKER_GRACE_ENV] ?? '5 seconds') as Duration },
  });
  const flush = () => {
    const batch = watch.take();
    if (batch) send({ type: 'watched', batch });
  };
  const batches = setInterval(flush, BATCH_MS);
  const running = worker.run();
  send({ type: 'ready' });
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('disconnect', stop);
  process.once('SIGTERM', stop);
  try {
    await running;
  } finally {
    clearInterval(batches);
    if (process.connected) flush();
    await Promise.allSettled([connection.close(), database.close(), ladderDatabase.close()]);
  }
  process.exit(0);
}

main().catch((error) => {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.message : String(error) } satisfies WorkerProcessMessage);
  console.error(`bench-worker: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
