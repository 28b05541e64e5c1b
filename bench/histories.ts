// Histories of finished workflows: fetched once, then measured (events, timers,
// activities), read for the skeleton's shape, and replayed.
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { inPool } from './measure';
import type { BenchStack } from './stack';
import type { ShapeStep } from './workflows';

export type History = temporal.api.history.v1.IHistory;

export interface FetchedHistory {
  workflowId: string;
  history: History;
}

export function fetchHistories(stack: BenchStack, workflowIds: string[], concurrency = 16): Promise<FetchedHistory[]> {
  return inPool(workflowIds.length, concurrency, async (i) => ({
    workflowId: workflowIds[i],
    history: await stack.client.workflow.getHandle(workflowIds[i]).fetchHistory(),
  }));
}

/**
 * The case's timers, activities and signal in their order. Each timer fires at
 * the same offset from the workflow's start as the case's did, so a skeleton
 * keeps the case's business-day schedule, including any lag it had.
 */
export function shapeOf(history: History): ShapeStep[] {
  const events = history.events ?? [];
  const startMs = tsToMs(events[0]?.eventTime);
  const steps: ShapeStep[] = [];
  for (const event of events) {
    if (event.activityTaskScheduledEventAttributes) steps.push({ kind: 'activity' });
    else if (event.timerStartedEventAttributes) {
      const timeoutMs = tsToMs(event.timerStartedEventAttributes.startToFireTimeout);
      steps.push({ kind: 'timer', firesAfterMs: tsToMs(event.eventTime) + timeoutMs - startMs });
    } else if (event.workflowExecutionSignaledEventAttributes) steps.push({ kind: 'signal' });
  }
  return steps;
}

export interface HistoryCounts {
  events: number;
  activities: number;
  timers: number;
}

/** Mean events, activities and timers per history. */
export function meanCounts(histories: History[]): HistoryCounts {
  const total = { events: 0, activities: 0, timers: 0 };
  for (const history of histories) {
    for (const event of history.events ?? []) {
      total.events += 1;
      if (event.activityTaskScheduledEventAttributes) total.activities += 1;
      if (event.timerStartedEventAttributes) total.timers += 1;
    }
  }
  const mean = (value: number) => Number((value / Math.max(1, histories.length)).toFixed(1));
  return { events: mean(total.events), activities: mean(total.activities), timers: mean(total.timers) };
}
