// Pages through a work queue's open tasks, longest waiting first. The work queue
// answers one question, "the first n open tasks by due time", so a page reads a
// window from the head of the queue wide enough to hold it, and breaks ties by
// task id itself. A cursor is a position (due time, task id), not an offset:
// tasks close as agents work them, and a position skips nothing when they do.
import type { TaskRecord, WorkQueue } from '../db/tasks';

/** How deep into a queue paging reaches; the tasks behind come forward as those ahead are worked. */
export const MAX_QUEUE_DEPTH = 5000;

export type QueuePosition = [dueAtMs: number, taskId: string];

const positionOf = (task: TaskRecord): QueuePosition => [new Date(task.dueAt).getTime(), task.taskId];

function comparePositions([dueA, idA]: QueuePosition, [dueB, idB]: QueuePosition): number {
  if (dueA !== dueB) return dueA - dueB;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

export interface QueuePageRequest {
  /** The position of the last task of the previous page. */
  after?: QueuePosition;
  limit: number;
  /** Which tasks the caller may see (agents see calls and visits, not reviews). */
  shows: (task: TaskRecord) => boolean;
}

export async function openTasksPage(
  tasks: WorkQueue,
  queue: string,
  { after, limit, shows }: QueuePageRequest,
): Promise<{ page: TaskRecord[]; next: QueuePosition | null }> {
  for (let window = Math.min(limit + 1, MAX_QUEUE_DEPTH); ; window = Math.min(window * 2, MAX_QUEUE_DEPTH)) {
    const head = await tasks.openIn(queue, window);
    const wholeQueue = head.length < window || window === MAX_QUEUE_DEPTH;
    // The window is ordered by due time alone: tasks due at its last instant may go on past it, so they wait for a wider one.
    const settledBefore = wholeQueue ? Infinity : positionOf(head[head.length - 1])[0];
    const candidates = head
      .filter((task) => positionOf(task)[0] < settledBefore && shows(task) && (!after || comparePositions(positionOf(task), after) > 0))
      .sort((a, b) => comparePositions(positionOf(a), positionOf(b)));
    if (candidates.length > limit) return { page: candidates.slice(0, limit), next: positionOf(candidates[limit - 1]) };
    if (wholeQueue) return { page: candidates, next: null };
  }
}
