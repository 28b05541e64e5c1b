// Every recorded case history (test/fixtures/histories/<set>, written by the
// scenario tests with `npm run record-histories`) replays with the current
// workflow code: a change that makes a case decide differently from what it
// recorded fails here. Older sets keep the paths behind patched() replaying.
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { PATCHES } from '../../src/workflows/collection-case/versions';
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

/** The patch ids a history's markers record, in order. */
function patchesOf(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    const [payload] = marker.details?.['patch-data']?.payloads ?? [];
    return [(JSON.parse(Buffer.from(payload!.data!).toString('utf8')) as { id: string }).id];
  });
}

test('the oldest set was recorded before any patch and replays on the old paths; the newest carries every patch', () => {
  const sets = [...new Set(recorded.map((history) => history.name.split('/')[0]))];
  const inSet = (set: string) => recorded.filter((history) => history.name.startsWith(`${set}/`));
  for (const { history } of inSet(sets[0])) expect(patchesOf(history)).toEqual([]);
  for (const { name, history } of inSet(sets[sets.length - 1])) {
    expect({ name, patches: [...new Set(patchesOf(history))].sort() }).toEqual({ name, patches: Object.values(PATCHES).sort() });
  }
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
