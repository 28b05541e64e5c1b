// Replay verification as the audit route runs it: one replay worker serves
// requests that come together or one after another, a divergence is reported
// without stopping the others, and the verdicts pair with their histories.
// The divergence's fields are read from the SDK's message.
import { temporal } from '@temporalio/proto';
import { divergenceOf } from '../../src/cases/replay-divergence';
import { createReplayer } from '../../src/cases/replay';
import { recordedHistories } from '../support/histories';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';
import { testDataConverter } from '../support/temporal';

const { History } = temporal.api.history.v1;
const replay = createReplayer({ dataConverter: testDataConverter, workflowBundlePath: WORKFLOW_BUNDLE_PATH, idleMs: 200 });
const recorded = recordedHistories();

function tampered(history: temporal.api.history.v1.History) {
  const copy = History.decode(History.encode(history).finish());
  copy.events.find((event) => event.activityTaskScheduledEventAttributes)!.activityTaskScheduledEventAttributes!.activityType = { name: 'somethingElse' };
  return copy;
}

test('requests together and one after another, a divergence among them, each get their own verdict', async () => {
  const [a, b, c] = recorded;
  const together = await Promise.all([
    replay(a.workflowId, a.history),
    replay(b.workflowId, tampered(b.history)),
    replay(c.workflowId, c.history),
  ]);
  expect(together[0]).toEqual({ match: true });
  const tamperedEvent = b.history.events.find((event) => event.activityTaskScheduledEventAttributes)!;
  const codedActivity = tamperedEvent.activityTaskScheduledEventAttributes!.activityType!.name;
  expect(together[1]).toEqual({
    match: false,
    divergence: expect.stringMatching(/[Nn]ondeterminism.*somethingElse/),
    firstDivergence: {
      kind: 'nondeterminism',
      eventId: Number(tamperedEvent.eventId),
      eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      codeDid: `scheduled activity type ${codedActivity}`,
      historyHolds: `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED (activity somethingElse, id ${tamperedEvent.activityTaskScheduledEventAttributes!.activityId})`,
    },
  });
  expect(together[2]).toEqual({ match: true });

  for (const { workflowId, history } of recorded.slice(3, 6)) expect(await replay(workflowId, history)).toEqual({ match: true });
});

test("a divergence's fields are read from each of the SDK's sentences, and left null where it says nothing of them", () => {
  const { history } = recorded.find(({ name }) => name.endsWith('/ladder-medium-risk'))!;
  const nondeterminism = (sentence: string) =>
    Object.assign(new Error(`Replay failed with a nondeterminism error. Details: [TMPRL1100] Nondeterminism error: ${sentence}`), {
      name: 'DeterminismViolationError',
    });
  const scheduled = history.events.find((event) => event.activityTaskScheduledEventAttributes)!;
  const { activityType, activityId } = scheduled.activityTaskScheduledEventAttributes!;
  const scheduledHolds = `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED (activity ${activityType!.name}, id ${activityId})`;
  const timer = history.events.find((event) => event.timerStartedEventAttributes)!;

  expect(divergenceOf(nondeterminism(`No command scheduled for event HistoryEvent(id: ${scheduled.eventId}, ActivityTaskScheduled)`), history)).toEqual({
    kind: 'nondeterminism',
    eventId: Number(scheduled.eventId),
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    codeDid: 'issued no command there',
    historyHolds: scheduledHolds,
  });
  expect(divergenceOf(nondeterminism(`Activity machine does not handle this event: HistoryEvent(id: ${timer.eventId}, TimerStarted)`), history)).toEqual({
    kind: 'nondeterminism',
    eventId: Number(timer.eventId),
    eventType: 'EVENT_TYPE_TIMER_STARTED',
    codeDid: 'scheduled an activity',
    historyHolds: `EVENT_TYPE_TIMER_STARTED (timer ${timer.timerStartedEventAttributes!.timerId})`,
  });
  expect(divergenceOf(nondeterminism(`Activity id of scheduled event '${activityId}' does not match activity id of activity command '99'`), history)).toMatchObject({
    eventId: Number(scheduled.eventId),
    codeDid: 'scheduled activity id 99',
    historyHolds: scheduledHolds,
  });
  // performAction is scheduled many times in the history: the sentence does not say which time.
  expect(divergenceOf(nondeterminism("Activity type of scheduled event 'performAction' does not match activity type of activity command 'sendLetter'"), history)).toEqual({
    kind: 'nondeterminism',
    eventId: null,
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    codeDid: 'scheduled activity type sendLetter',
    historyHolds: 'activity type performAction scheduled',
  });
  const taskFailure = Object.assign(new Error('Replay failed due workflow task failure. Details: Encoded failure'), { name: 'ReplayError' });
  expect(divergenceOf(taskFailure, history)).toEqual({ kind: 'workflow-task-failure', eventId: null, eventType: null, codeDid: null, historyHolds: null });
});
