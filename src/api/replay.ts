// Replay verification: a case's history run through the current workflow code.
// A match means today's code makes the same decisions the case made; otherwise
// the first divergence is reported. The workflow code is bundled once, on first use.
import type { DataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type ReplayResult } from '@temporalio/worker';
import { redactText } from '../security/redact';
import { WORKFLOWS_PATH } from '../temporal/worker';

export interface ReplayOptions {
  /** The data converter the workers use: histories hold encrypted payloads. */
  dataConverter: DataConverter;
  /** A prebuilt workflow bundle (tests); otherwise src/workflows is bundled on first use. */
  workflowBundlePath?: string;
  /** How long the replay worker waits for another history before it shuts down; 30 s by default. */
  idleMs?: number;
}

export type ReplayVerdict = { match: true } | { match: false; divergence: string };

export type Replayer = (caseId: string, history: temporal.api.history.v1.IHistory) => Promise<ReplayVerdict>;

const IDLE_MS = 30_000;

interface ReplayJob {
  caseId: string;
  history: temporal.api.history.v1.IHistory;
  done: (result: ReplayResult | Error) => void;
}

/**
 * One replay worker serves every request while requests keep coming: starting a
 * replay worker costs far more than replaying a case, so an auditor verifying
 * cases one after another pays it once. Histories replay one at a time, in order.
 */
export function createReplayer(options: ReplayOptions): Replayer {
  let bundle: Promise<{ code: string }> | undefined;
  const workflowBundle = () =>
    options.workflowBundlePath
      ? Promise.resolve({ codePath: options.workflowBundlePath })
      : (bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: options.dataConverter.failureConverterPath }));

  const queued: ReplayJob[] = [];
  const inFlight: ReplayJob[] = [];
  let arrived: (() => void) | undefined;
  let running = false;

  async function* histories() {
    for (;;) {
      if (!queued.length) {
        const idle = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), options.idleMs ?? IDLE_MS);
          timer.unref();
          arrived = () => (clearTimeout(timer), resolve(false));
        });
        arrived = undefined;
        if (idle && !queued.length) return;
        continue;
      }
      const job = queued.shift()!;
      inFlight.push(job);
      yield { workflowId: job.caseId, history: job.history };
    }
  }

  async function run(): Promise<void> {
    running = true;
    try {
      const replay = Worker.runReplayHistories(
        { workflowBundle: await workflowBundle(), dataConverter: options.dataConverter, replayName: 'api-replay' },
        histories(),
      );
      for await (const result of replay) inFlight.shift()?.done(result);
    } catch (error) {
      // The replay worker itself failed (e.g. the workflow code does not bundle): every waiting request hears why.
      for (const job of [...inFlight.splice(0), ...queued.splice(0)]) job.done(error as Error);
    } finally {
      running = false;
      // A request that came as the worker was going idle starts the next one.
      if (queued.length) void run();
    }
  }

  return (caseId, history) =>
    new Promise<ReplayVerdict>((resolve, reject) => {
      queued.push({
        caseId,
        history,
        done: (result) => {
          if (result instanceof Error) reject(result);
          else if (result.error) resolve({ match: false, divergence: redactText(result.error.message) });
          else resolve({ match: true });
        },
      });
      if (arrived) arrived();
      else if (!running) void run();
    });
}
