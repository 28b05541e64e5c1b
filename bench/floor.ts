// Starting the floor workflows the baselines use, and knowing when a worker has
// caught up with its task queue.
import { benchTimer } from './workflows';
import { inPool, now, since, waitUntil } from './measure';
import { FLOOR_TASK_QUEUE, type BenchStack } from './stack';

/** Longer than any run: the trivial workflows stay open, parked on their one timer like cases on theirs. */
export const PARKED_TIMER_MS = 6 * 3_600_000;

/** Starts `count` trivial workflows; the time is until the last start returned. */
export async function startTimers(stack: BenchStack, prefix: string, count: number, concurrency: number) {
  const start = now();
  const workflowIds = await inPool(count, concurrency, async (i) => {
    const handle = await stack.client.workflow.start(benchTimer, {
      workflowId: `${prefix}-${i}`,
      taskQueue: FLOOR_TASK_QUEUE,
      args: [PARKED_TIMER_MS],
    });
    return handle.workflowId;
  });
  return { workflowIds, elapsedMs: since(start) };
}

/** Waits until `count` trivial workflows under the prefix have set their timer. */
export async function waitUntilTimersParked(stack: BenchStack, prefix: string, count: number, timeoutMs: number): Promise<number> {
  const start = now();
  await waitUntil(`${count} ${prefix} workflows to park`, () => stack.watch.parkedCount(prefix) >= count, timeoutMs, 50);
  return since(start);
}

/** Terminates workflows the bench no longer needs, so later scenarios count only cases. */
export async function terminateAll(stack: BenchStack, workflowIds: string[], concurrency: number): Promise<void> {
  await inPool(workflowIds.length, concurrency, (i) =>
    stack.client.workflow.getHandle(workflowIds[i]).terminate('bench: baseline done').catch(() => undefined),
  );
}
