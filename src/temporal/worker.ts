import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { CodecKeyring, Config } from '../config';
import { DAY_MS } from '../domain';
import { dataConverter, failureConverterPath } from '../security/data-converter';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface CaseWorkerOptions {
  connection: NativeConnection;
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'> &
    Partial<Pick<Config, 'WORKER_ACTIVITY_SLOTS' | 'WORKER_MAX_CACHED_WORKFLOWS' | 'ARREARS_DAY_LENGTH'>> & { codecKeyring: CodecKeyring | undefined };
  activities: NonNullable<WorkerOptions['activities']>;
  /** A prebuilt bundle (tests bundle once per run); otherwise the worker bundles src/workflows. */
  workflowBundlePath?: string;
  overrides?: Partial<WorkerOptions>;
}

/**
 * How long a case's next workflow task waits for the worker that ran its last
 * one before any worker may take it: after a worker dies, its cases are stuck
 * that long. The SDK's 10 s is a business day at a 10 s day length; one business
 * hour, at least a second, keeps a crash from costing the case a ladder step.
 */
export function stickyQueueTimeoutMs(dayLengthMs: number = DAY_MS): number {
  return Math.min(10_000, Math.max(1_000, Math.round(dayLengthMs / 24)));
}

const quietBundler = { log() {}, trace() {}, debug() {}, info() {}, warn: console.error, error: console.error };

/**
 * Bundles the case workflows into `file`, for workers that load a prebuilt bundle
 * (WORKFLOW_BUNDLE_PATH, or workflowBundlePath here) instead of each bundling at
 * start: the test run, the bench and start:cluster's three workers bundle once.
 * `workflowInterceptorModules` go into the bundle with the workflows.
 */
export async function writeCaseWorkflowBundle(file: string, workflowInterceptorModules: string[] = []): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules, failureConverterPath, logger: quietBundler });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, code);
  return file;
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
    stickyQueueScheduleToStartTimeout: stickyQueueTimeoutMs(options.config.ARREARS_DAY_LENGTH),
    ...(options.config.WORKER_ACTIVITY_SLOTS && { maxConcurrentActivityTaskExecutions: options.config.WORKER_ACTIVITY_SLOTS }),
    ...(options.config.WORKER_MAX_CACHED_WORKFLOWS !== undefined && { maxCachedWorkflows: options.config.WORKER_MAX_CACHED_WORKFLOWS }),
    ...options.overrides,
  });
}
