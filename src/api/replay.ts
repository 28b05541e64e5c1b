// Replay verification: a case's history run through the current workflow code.
// A match means today's code makes the same decisions the case made; otherwise
// the first divergence is reported. The workflow code is bundled once, on first use.
import type { DataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { redactText } from '../security/redact';
import { WORKFLOWS_PATH } from '../temporal/worker';

export interface ReplayOptions {
  /** The data converter the workers use: histories hold encrypted payloads. */
  dataConverter: DataConverter;
  /** A prebuilt workflow bundle (tests); otherwise src/workflows is bundled on first use. */
  workflowBundlePath?: string;
}

export type ReplayVerdict = { match: true } | { match: false; divergence: string };

export type Replayer = (caseId: string, history: temporal.api.history.v1.IHistory) => Promise<ReplayVerdict>;

export function createReplayer(options: ReplayOptions): Replayer {
  let bundle: Promise<{ code: string }> | undefined;
  const workflowBundle = () =>
    options.workflowBundlePath
      ? Promise.resolve({ codePath: options.workflowBundlePath })
      : (bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: options.dataConverter.failureConverterPath }));

  return async (caseId, history) => {
    const replay = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), dataConverter: options.dataConverter, replayName: 'api-replay' },
      [{ workflowId: caseId, history }],
    );
    for await (const result of replay) {
      if (result.error) return { match: false, divergence: redactText(result.error.message) };
    }
    return { match: true };
  };
}
