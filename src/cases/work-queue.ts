// Work queues for people, as agents and supervisors see them: the calls and
// visits that may be worked now, and one task with the debtor details its
// channel needs, for the agent who holds it and nobody else. Review tasks
// (write-off, legal) are supervisors' decisions: agents neither list nor open them.
import type { DebtorContact } from '../db/loans';
import { queuePositionOf, workQueue, type QueuePosition, type TaskRecord } from '../db/tasks';
import type { Principal } from '../security/auth';
import type { CaseServices } from './services';

/** What reading the work queue needs of the case services. */
export type WorkQueueDependencies = Pick<CaseServices, 'database' | 'loans' | 'businessNow'>;

/** Who looks at the queue: their user id and roles. */
export type QueueReader = Pick<Principal, 'subject' | 'roles'>;

/** The debtor details a channel's worker may see. */
export type DebtorDetails = Pick<DebtorContact, 'name' | 'phone' | 'address'>;

/** What each channel's worker needs to reach the debtor, and no more. */
const DEBTOR_FIELDS: Record<string, (keyof DebtorDetails)[]> = { phone: ['name', 'phone'], 'field-visit': ['name', 'address'] };

/** Review tasks are supervisors' decisions; agents work calls and visits. */
const seesReviews = (reader: QueueReader) => reader.roles.some((role) => role === 'supervisor' || role === 'admin');
const mayOpen = (reader: QueueReader, task: TaskRecord) => task.kind === 'contact' || seesReviews(reader);
/** The agent who claimed the open task holds it, with the guard's leave, to the end of the debtor's local day. */
const holds = (reader: QueueReader, task: TaskRecord, nowMs: number) =>
  task.status === 'open' && task.claim?.agent === reader.subject && task.claim.until.getTime() > nowMs;

export type TaskAccessErrorCode = 'TASK_NOT_FOUND' | 'FORBIDDEN';

/** A task the reader cannot open, with a stable code for the API to map. */
export class TaskAccessError extends Error {
  override name = 'TaskAccessError';
  constructor(
    readonly code: TaskAccessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkQueueRequest {
  queue: string;
  limit: number;
  /** The place in the queue the page starts after. */
  after?: QueuePosition;
}

export interface WorkQueuePage {
  tasks: TaskRecord[];
  /** Where the next page starts; null on the last page. */
  next: QueuePosition | null;
}

/** A page of the queue's open tasks that may be worked now (business time), the longest waiting first. */
export async function listWorkQueue(deps: WorkQueueDependencies, reader: QueueReader, { queue, limit, after }: WorkQueueRequest): Promise<WorkQueuePage> {
  const kind = seesReviews(reader) ? undefined : 'contact';
  const found = await workQueue(deps.database).openIn(queue, limit + 1, { after, kind, workableAt: new Date(deps.businessNow()) });
  const tasks = found.slice(0, limit);
  return { tasks, next: found.length > limit ? queuePositionOf(tasks[tasks.length - 1]) : null };
}

/** What the channel needs of the debtor's contact details, and no more; null for a channel that reaches nobody. */
export function debtorDetailsFor(task: TaskRecord, contact: DebtorContact): DebtorDetails | null {
  const fields = DEBTOR_FIELDS[task.channel];
  if (!fields) return null;
  return Object.fromEntries(fields.filter((field) => contact[field] !== undefined).map((field) => [field, contact[field]]));
}

export interface OpenedTask {
  task: TaskRecord;
  /** For the agent who holds the open call or visit; null for anyone else, reviews and worked tasks. */
  debtor: DebtorDetails | null;
}

/** One task, with the debtor details its channel needs when the reader holds it; throws a TaskAccessError otherwise. */
export async function openTask(deps: WorkQueueDependencies, reader: QueueReader, taskId: string): Promise<OpenedTask> {
  const task = await workQueue(deps.database).get(taskId);
  if (!task) throw new TaskAccessError('TASK_NOT_FOUND', `Task ${taskId} is in no work queue`);
  if (!mayOpen(reader, task)) throw new TaskAccessError('FORBIDDEN', `Task ${taskId} is a ${task.channel}: review tasks are for supervisors`);
  if (!DEBTOR_FIELDS[task.channel] || !holds(reader, task, deps.businessNow())) return { task, debtor: null };
  return { task, debtor: debtorDetailsFor(task, (await deps.loans.get(task.loanId))?.contact ?? {}) };
}
