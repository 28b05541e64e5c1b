// Work queues for people, as agents and supervisors see them: the calls and
// visits that may be worked now, and one task with the debtor details its
// channel needs and the script to read, for the agent who holds it and nobody
// else. Each task comes with the debtor's time zone (no personal data), so an
// agent sees the debtor's local time. Review tasks (write-off, legal) are
// supervisors' decisions: agents neither list nor open them.
import { readEach } from '../db/by-id';
import type { DebtorContact } from '../db/loans';
import { queuePositionOf, workQueue, type QueuePosition, type TaskRecord } from '../db/tasks';
import type { Principal } from '../security/auth';
import { callScriptFor, type CallScript } from './call-scripts';
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

/** A task with the debtor's IANA time zone from the loan book (absent when the loan is not booked). */
export type LocalTask = TaskRecord & { debtorTimeZone?: string };

export interface WorkQueuePage {
  /** Business time the page was read at: its tasks may be worked then. */
  asOfMs: number;
  tasks: LocalTask[];
  /** Where the next page starts; null on the last page. */
  next: QueuePosition | null;
}

/** A page of the queue's open tasks that may be worked now (business time), the longest waiting first. */
export async function listWorkQueue(deps: WorkQueueDependencies, reader: QueueReader, { queue, limit, after }: WorkQueueRequest): Promise<WorkQueuePage> {
  const kind = seesReviews(reader) ? undefined : 'contact';
  const asOfMs = deps.businessNow();
  const found = await workQueue(deps.database).openIn(queue, limit + 1, { after, kind, workableAt: new Date(asOfMs) });
  const tasks = found.slice(0, limit);
  const loanIds = [...new Set(tasks.map((task) => task.loanId))];
  const loans = await readEach(loanIds, (loanId) => deps.loans.get(loanId));
  const zones = new Map(loanIds.map((loanId, i) => [loanId, loans[i]?.loan.debtor.timeZone]));
  return {
    asOfMs,
    tasks: tasks.map((task) => withZone(task, zones.get(task.loanId))),
    next: found.length > limit ? queuePositionOf(tasks[tasks.length - 1]) : null,
  };
}

const withZone = (task: TaskRecord, timeZone: string | undefined): LocalTask => (timeZone ? { ...task, debtorTimeZone: timeZone } : task);

/** What the channel needs of the debtor's contact details, and no more; null for a channel that reaches nobody. */
export function debtorDetailsFor(task: TaskRecord, contact: DebtorContact): DebtorDetails | null {
  const fields = DEBTOR_FIELDS[task.channel];
  if (!fields) return null;
  return Object.fromEntries(fields.filter((field) => contact[field] !== undefined).map((field) => [field, contact[field]]));
}

export interface OpenedTask {
  task: LocalTask;
  /** For the agent who holds the open call or visit; null for anyone else, reviews and worked tasks. */
  debtor: DebtorDetails | null;
  /** What to say, for the same agent only: it names the debtor and what they owe. */
  script: CallScript | null;
}

/**
 * One task, with the debtor details its channel needs and its script when the
 * reader holds it; throws a TaskAccessError otherwise. `lender` is the name the
 * script introduces the agent with.
 */
export async function openTask(deps: WorkQueueDependencies, reader: QueueReader, taskId: string, lender: string): Promise<OpenedTask> {
  const found = await workQueue(deps.database).get(taskId);
  if (!found) throw new TaskAccessError('TASK_NOT_FOUND', `Task ${taskId} is in no work queue`);
  if (!mayOpen(reader, found)) throw new TaskAccessError('FORBIDDEN', `Task ${taskId} is a ${found.channel}: review tasks are for supervisors`);
  const booked = await deps.loans.get(found.loanId);
  const task = withZone(found, booked?.loan.debtor.timeZone);
  const nowMs = deps.businessNow();
  if (!DEBTOR_FIELDS[task.channel] || !holds(reader, task, nowMs)) return { task, debtor: null, script: null };
  const contact = booked?.contact ?? {};
  return { task, debtor: debtorDetailsFor(task, contact), script: booked ? callScriptFor(task, booked.loan, contact, lender, nowMs) : null };
}
