import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { CodecKeyring, Config } from '../config';
import type { Activities } from '../activities';
import { dataConverter } from '../security/data-converter';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface CaseWorkerOptions {
  connection: NativeConnection;
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'> &
    Partial<Pick<Config, 'WORKER_ACTIVITY_SLOTS'>> & { codecKeyring: CodecKeyring | undefined };
  activities: Activities;
  /** A prebuilt bundle (tests bundle once per run); otherwise the worker bundles src/workflows. */
  workflowBundlePath?: string;
  overrides?: Partial<WorkerOptions>;
}

/** The one place a case worker is put together, for worker.ts, tests and benchmarks alike. */
export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
  return Worker.create({
    connection: options.connection,
    namespace: options.config.TEMPORAL_NAMESPACE,
    taskQueue: options.config.TEMPORAL_TASK_QUEUE,
    activities: options.activities,
    dataConverter: dataConverter(options.config.codecKeyring),
    ...workflows,
    ...(options.config.WORKER_ACTIVITY_SLOTS && { maxConcurrentActivityTaskExecutions: options.config.WORKER_ACTIVITY_SLOTS }),
    ...options.overrides,
  });
}
