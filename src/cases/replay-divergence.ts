// Where a replay parted from its history, as fields an auditor can act on: the
// history event, what the current code did there and what the history holds.
// They come from the SDK's nondeterminism message (written by sdk-core for people,
// so only its known sentences are read); the raw message always goes alongside.
import type { temporal } from '@temporalio/proto';
import { eventTypeName } from '../temporal/history-json';

type IHistory = temporal.api.history.v1.IHistory;
type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface Divergence {
  /** nondeterminism: the code decides differently; workflow-task-failure: the code failed on the history. */
  kind: 'nondeterminism' | 'workflow-task-failure';
  /** The history event where code and history part; null when the message does not tell which. */
  eventId: number | null;
  /** That event's type, e.g. EVENT_TYPE_ACTIVITY_TASK_SCHEDULED. */
  eventType: string | null;
  /** What the current code did at that point, e.g. "started a timer". */
  codeDid: string | null;
  /** What the history holds there, e.g. "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED (activity performAction, id 4)". */
  historyHolds: string | null;
}

/** sdk-core's state machines by the names its messages give them, as what the code did. */
const COMMANDS_OF_MACHINES: Record<string, string> = {
  'Timer machine': 'started a timer',
  'Activity machine': 'scheduled an activity',
  'Local activity machine': 'ran a local activity',
  UpsertWorkflowSearchAttributesMachine: 'updated its search attributes',
  ModifyWorkflowPropertiesMachine: 'updated its memo',
  'Complete workflow machine': 'completed the workflow',
  'Fail workflow machine': 'failed the workflow',
  'Cancel workflow machine': 'cancelled the workflow',
  'Continue as new workflow machine': 'continued as new',
  'Child workflow machine': 'started a child workflow',
  'Signal external WF machine': 'signalled another workflow',
  'Cancel external WF machine': 'asked another workflow to cancel',
  'Update machine': 'answered an update',
  'Nexus operation machine': 'started a Nexus operation',
};

/** "Timer machine does not handle this event: HistoryEvent(id: 14, ActivityTaskScheduled)": the code's next command against the history's next event. */
const MACHINE_REFUSED_EVENT = /Nondeterminism error: (.+?) does not handle (?:this event: )?HistoryEvent\(id: (\d+)/;
/** "No command scheduled for event HistoryEvent(id: 5, ActivityTaskScheduled)": the history holds a command the code no longer makes. */
const NO_COMMAND_FOR_EVENT = /No command scheduled for event HistoryEvent\(id: (\d+)/;
/** "Activity type of scheduled event 'a' does not match activity type of activity command 'b'", and the same for ids. */
const ACTIVITY_MISMATCH = /Activity (type|id) of scheduled event '([^']*)' does not match activity \1 of activity command '([^']*)'/;

/** The replay's error (a DeterminismViolationError or a ReplayError) read against the history it replayed. */
export function divergenceOf(error: Error, history: IHistory): Divergence {
  const { message } = error;
  const kind = error.name === 'DeterminismViolationError' ? 'nondeterminism' : 'workflow-task-failure';
  const events = history.events ?? [];
  const at = (eventId: number) => events.find((event) => Number(event.eventId) === eventId);
  const found = (event: IHistoryEvent | undefined, codeDid: string | null): Divergence =>
    event
      ? { kind, eventId: Number(event.eventId), eventType: eventTypeName(event.eventType), codeDid, historyHolds: describeEvent(event) }
      : { kind, eventId: null, eventType: null, codeDid, historyHolds: null };

  const refused = MACHINE_REFUSED_EVENT.exec(message);
  if (refused) return found(at(Number(refused[2])), COMMANDS_OF_MACHINES[refused[1]] ?? `issued a command the ${refused[1]} handles`);

  const noCommand = NO_COMMAND_FOR_EVENT.exec(message);
  if (noCommand) return found(at(Number(noCommand[1])), 'issued no command there');

  const mismatch = ACTIVITY_MISMATCH.exec(message);
  if (mismatch) {
    const [, field, recorded, coded] = mismatch;
    const codeDid = `scheduled activity ${field} ${coded}`;
    // An activity id names one event; an activity type may name several, and then the message does not say which.
    const scheduled = events.filter((event) => {
      const attributes = event.activityTaskScheduledEventAttributes;
      return attributes && (field === 'id' ? attributes.activityId : attributes.activityType?.name) === recorded;
    });
    if (scheduled.length === 1) return found(scheduled[0], codeDid);
    return { kind, eventId: null, eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', codeDid, historyHolds: `activity ${field} ${recorded} scheduled` };
  }
  return found(undefined, null);
}

function describeEvent(event: IHistoryEvent): string {
  const type = eventTypeName(event.eventType);
  const activity = event.activityTaskScheduledEventAttributes;
  if (activity) return `${type} (activity ${activity.activityType?.name}, id ${activity.activityId})`;
  const timer = event.timerStartedEventAttributes;
  if (timer) return `${type} (timer ${timer.timerId})`;
  const marker = event.markerRecordedEventAttributes;
  if (marker) return `${type} (marker ${marker.markerName})`;
  const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
  if (child) return `${type} (child workflow ${child.workflowType?.name})`;
  return type;
}
