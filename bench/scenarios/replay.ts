// Replay: how fast finished case histories are verified against the workflow
// code. The floor is Worker.runReplayHistories, one replay worker for the whole
// batch. Against it: the audit path, an auditor's request for one case at a time
// (POST /v1/cases/{caseId}/replay: fetch the history, replay it on its own).
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { dataConverter } from '../../src/security/data-converter';
import { expectStatus, type BenchApi } from '../api';
import type { BenchFlags } from '../flags';
import type { FetchedHistory } from '../histories';
import { now, perSecond, ratio, seconds, since } from '../measure';
import type { BenchStack } from '../stack';
import { runCases, type LifecycleRun } from './lifecycle';

/** Histories the one-at-a-time path verifies at most: each builds its own replay worker. */
const SINGLE_LIMIT = 200;

const REPLAY_ROUTE = 'POST /v1/cases/:caseId/replay';

export async function replay(stack: BenchStack, flags: BenchFlags, run: LifecycleRun, api: BenchApi | undefined) {
  const source = run.histories.length ? run.histories : (await runCases(stack, flags, Math.min(flags.replay, 200))).histories;
  const histories = Array.from({ length: flags.replay }, (_, i) => source[i % source.length]);
  const options: ReplayWorkerOptions = {
    workflowBundle: { codePath: stack.caseBundlePath },
    dataConverter: dataConverter(stack.config.codecKeyring),
  };

  const batchStart = now();
  let failed = 0;
  for await (const result of Worker.runReplayHistories(options, histories)) if (result.error) failed += 1;
  const batchMs = since(batchStart);
  if (failed) throw new Error(`bench: ${failed} of ${histories.length} case histories did not replay`);

  const viaApi = api?.has(REPLAY_ROUTE) ?? false;
  const single = histories.slice(0, SINGLE_LIMIT);
  const singleStart = now();
  for (const { workflowId } of single) await (viaApi ? auditThroughApi(api!, workflowId) : auditOneCase(stack, options, workflowId));
  const singleMs = since(singleStart);

  const batchRate = perSecond(histories.length, batchMs);
  const singleRate = perSecond(single.length, singleMs);
  return {
    histories: histories.length,
    distinctHistories: source.length,
    eventsPerHistory: Number((events(histories) / histories.length).toFixed(1)),
    audit: {
      path: viaApi ? `${REPLAY_ROUTE}, one case at a time` : 'per case: fetchHistory, then Worker.runReplayHistory (the API has no replay route yet)',
      histories: single.length,
      verifiedPerSecond: singleRate,
      seconds: seconds(singleMs),
      ratioToBatchReplay: ratio(singleRate, batchRate),
    },
    baseline: { path: 'Worker.runReplayHistories over the fetched histories', verifiedPerSecond: batchRate, seconds: seconds(batchMs) },
  };
}

async function auditThroughApi(api: BenchApi, caseId: string): Promise<void> {
  const response = await api.request('POST', `/v1/cases/${caseId}/replay`);
  expectStatus(response, 200, `the replay of ${caseId}`);
  const verdict = response.body as { match: boolean; divergence?: string };
  if (!verdict.match) throw new Error(`bench: ${caseId} did not replay: ${verdict.divergence}`);
}

async function auditOneCase(stack: BenchStack, options: ReplayWorkerOptions, workflowId: string): Promise<void> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  await Worker.runReplayHistory(options, history, workflowId);
}

function events(histories: FetchedHistory[]): number {
  return histories.reduce((sum, { history }) => sum + (history.events?.length ?? 0), 0);
}
