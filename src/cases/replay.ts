// Replay verification: a history (a case's, fetched from the workflow service,
// or an exported file an auditor holds) run through the current workflow code.
// A match means today's code makes the same decisions the history records;
// otherwise the first divergence is reported. The API and the replay CLI share
// it; the workflow code is bundled once, on first use.
import type { DataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { redactText } from '../security/redact';
import { eventTypeName, historyFromJson, runOf, type HistoryJson } from '../temporal/history-json';
import { WORKFLOWS_PATH } from '../temporal/worker';
import * as workflows from '../workflows';
import { divergenceOf, type Divergence } from './replay-divergence';
import type { CaseServices } from './services';
import { caseHistory } from './timeline';

/** The history format replay reads: the body the API declares, the file the CLI checks, and what does not read as it. */
export { HistoryFormatError, historyJsonSchema, type HistoryJson } from '../temporal/history-json';

export interface ReplayOptions {
  /** The data converter the workers use: histories hold encrypted payloads. */
  dataConverter: DataConverter;
  /** A prebuilt workflow bundle (tests); otherwise src/workflows is bundled on first use. */
  workflowBundlePath?: string;
  /** How long the replay worker waits for another history before it shuts down; 30 s by default. */
  idleMs?: number;
}

/** `divergence` is the SDK's own message; `firstDivergence` the fields read from it. */
export type ReplayVerdict = { match: true } | { match: false; divergence: string; firstDivergence: Divergence };

/** Replays the history under the workflow id; an UnreplayableHistoryError when it cannot be replayed here at all. */
export type Replayer = (workflowId: string, history: temporal.api.history.v1.IHistory) => Promise<ReplayVerdict>;

/** The workflow types the replay worker registers: every workflow src/workflows exports. */
export const REPLAYABLE_WORKFLOW_TYPES: readonly string[] = Object.entries(workflows)
  .filter(([, exported]) => typeof exported === 'function')
  .map(([name]) => name);

const IDLE_MS = 30_000;

/** A history this code cannot replay at all: of a workflow it does not have, or with payloads the keyring cannot decrypt. */
export class UnreplayableHistoryError extends Error {
  override name = 'UnreplayableHistoryError';

  constructor(
    readonly code: 'UNKNOWN_WORKFLOW_TYPE' | 'HISTORY_UNDECRYPTABLE',
    message: string,
  ) {
    super(message);
  }
}

/** A history file's verdict, with the run it is of; workflowId is null when the file does not name one. */
export type HistoryFileVerdict = { workflowId: string | null; workflowType: string } & ReplayVerdict;

interface ReplayJob {
  workflowId: string;
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
      : (bundle ??= bundleWorkflowCode({
          workflowsPath: WORKFLOWS_PATH,
          failureConverterPath: options.dataConverter.failureConverterPath,
          // webpack's report goes where the process's other Temporal logs go, at their level.
          logger: Runtime.instance().logger,
        }));

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
      yield { workflowId: job.workflowId, history: job.history };
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

  return async (workflowId, history) => {
    await refuseUnreplayable(history, options.dataConverter);
    return new Promise<ReplayVerdict>((resolve, reject) => {
      queued.push({
        workflowId,
        history,
        done: (result) => {
          if (result instanceof Error) reject(result);
          else if (result.error) resolve({ match: false, divergence: redactText(result.error.message), firstDivergence: divergenceOf(result.error, history) });
          else resolve({ match: true });
        },
      });
      if (arrived) arrived();
      else if (!running) void run();
    });
  };
}

/** Replays the case's own history (its latest run); a CaseHistoryNotFoundError when the workflow service has none. */
export async function replayCase(services: Pick<CaseServices, 'temporal'>, replay: Replayer, caseId: string): Promise<ReplayVerdict> {
  return replay(caseId, await caseHistory(services, caseId));
}

/**
 * Replays a history in the standard JSON (an auditor's file), under the workflow
 * id it names or else `unnamedId`; a HistoryFormatError when a field does not
 * read as its type.
 */
export async function replayHistoryJson(replay: Replayer, json: HistoryJson, unnamedId: string): Promise<HistoryFileVerdict> {
  const history = historyFromJson(json);
  const { workflowId, workflowType } = runOf(history);
  return { workflowId: workflowId ?? null, workflowType, ...(await replay(workflowId ?? unnamedId, history)) };
}

/**
 * A history of a workflow this code does not have, or with payloads this keyring
 * cannot decrypt, fails replay with a message that hides why (the failure is
 * itself encrypted): say why before replaying.
 */
async function refuseUnreplayable(history: temporal.api.history.v1.IHistory, dataConverter: DataConverter): Promise<void> {
  const { workflowType } = runOf(history);
  if (!REPLAYABLE_WORKFLOW_TYPES.includes(workflowType)) {
    throw new UnreplayableHistoryError(
      'UNKNOWN_WORKFLOW_TYPE',
      `The history is of workflow type "${workflowType}", which this code does not have; it replays ${REPLAYABLE_WORKFLOW_TYPES.join(', ')}`,
    );
  }
  for (const event of history.events ?? []) {
    for (const payload of payloadsIn(event)) {
      try {
        for (const codec of dataConverter.payloadCodecs ?? []) await codec.decode([payload]);
      } catch (error) {
        throw new UnreplayableHistoryError(
          'HISTORY_UNDECRYPTABLE',
          `Event ${event.eventId} (${eventTypeName(event.eventType)}) cannot be read: ${(error as Error).message}`,
        );
      }
    }
  }
}

/** Every payload in an event, at any depth (inputs, results, failures' details, headers, memos). */
function* payloadsIn(value: unknown): Generator<temporal.api.common.v1.IPayload> {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  const candidate = value as temporal.api.common.v1.IPayload;
  if (candidate.metadata && typeof candidate.metadata === 'object' && ArrayBuffer.isView(candidate.metadata.encoding)) {
    yield candidate;
    return;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) yield* payloadsIn(child);
}
