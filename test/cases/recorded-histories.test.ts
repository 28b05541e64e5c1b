// Every recorded case history (test/fixtures/histories/<set>, written by the
// scenario tests with `npm run record-histories`) replays with the current
// workflow code: a change that makes a case decide differently from what it
// recorded fails here. Older sets keep the paths behind patched() replaying.
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { recordedHistories } from '../support/histories';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';
import { testDataConverter } from '../support/temporal';

const recorded = recordedHistories();
const replayOptions = { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, dataConverter: testDataConverter };

test('the recorded scenarios are all there, in every set', () => {
  const sets = [...new Set(recorded.map((history) => history.name.split('/')[0]))];
  expect(sets.length).toBeGreaterThanOrEqual(2);
  for (const set of sets) {
    const names = recorded.filter((history) => history.name.startsWith(`${set}/`)).map((history) => history.name.slice(set.length + 1));
    expect(names).toEqual(expect.arrayContaining(['ladder-medium-risk', 'pause-and-resume', 'full-payment-closes', 'pause-during-deferral']));
  }
  for (const { history } of recorded) expect(history.events.length).toBeGreaterThan(10);
});

test('every recorded history replays with the current workflow code', async () => {
  const verdicts: Array<{ name: string; error?: string }> = [];
  // Replayed under their file names: two sets may hold the same workflow id.
  for await (const result of Worker.runReplayHistories(replayOptions, recorded.map(({ name, history }) => ({ workflowId: name, history })))) {
    verdicts.push({ name: result.workflowId, ...(result.error && { error: result.error.message }) });
  }
  expect(verdicts).toHaveLength(recorded.length);
  expect(verdicts.filter((verdict) => verdict.error)).toEqual([]);
});

test('a recorded history with a decision changed under it does not replay', async () => {
  // The check above can fail: make the case's first recorded activity another one and replay reports the divergence.
  const { workflowId, history } = recorded.find((candidate) => candidate.name.endsWith('/ladder-medium-risk'))!;
  const { History } = temporal.api.history.v1;
  const tampered = History.decode(History.encode(history).finish());
  const scheduled = tampered.events.find((event) => event.activityTaskScheduledEventAttributes)!.activityTaskScheduledEventAttributes!;
  scheduled.activityType = { name: 'notAnActivityTheCodeSchedules' };
  await expect(Worker.runReplayHistory(replayOptions, tampered, workflowId)).rejects.toThrow(/[Nn]ondeterminism|DeterminismViolation/);
});
