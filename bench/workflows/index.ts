// The bench's own workflows: Temporal's floor, against which arrears is measured.
// They carry no logic on purpose, run on their own task queue from their own
// bundle, and never ship in src/workflows.
import { condition, defineSignal, defineUpdate, proxyActivities, proxySinks, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { FloorActivities, FloorSinks } from '../floor-activities';

/** A bare update that changes nothing: the floor of a command round trip. */
export const noop = defineUpdate<null>('noop');
/** Ends a skeleton's wait after its ladder, as a payment ends a case. */
export const finish = defineSignal('finish');

const { floor: parking } = proxySinks<FloorSinks>();

/** A trivial workflow: one timer (and a no-op update handler, for the command baseline). */
export async function benchTimer(timerMs: number): Promise<void> {
  setHandler(noop, () => null);
  const timer = sleep(timerMs);
  // Tells the bench this workflow has parked, as a case's read-model write does.
  parking.parked();
  await timer;
}

/** One step of a case's shape, read off a real case's history. */
export type ShapeStep =
  | { kind: 'activity' }
  /** A timer that fires this long after the workflow started, as the case's did. */
  | { kind: 'timer'; firesAfterMs: number }
  /** Waits for the finish signal; the activity before it tells the bench it is waiting. */
  | { kind: 'signal' };

const floor = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

/** The same timers, activities and signal as a case, in the same order, and nothing else. */
export async function ladderSkeleton(shape: ShapeStep[]): Promise<void> {
  const { workflowId, startTime } = workflowInfo();
  let finished = false;
  setHandler(finish, () => void (finished = true));
  for (const [index, step] of shape.entries()) {
    if (step.kind === 'activity') await floor.floorStep(workflowId, shape[index + 1]?.kind === 'signal');
    else if (step.kind === 'timer') await sleep(Math.max(1, startTime.getTime() + step.firesAfterMs - Date.now()));
    else await condition(() => finished);
  }
}
