// Work queues for people: phone calls and field visits for agents, write-off and
// legal reviews for supervisors. One task per outbound action, keyed by the
// action's idempotency key, so a retried activity never queues a second call.
// A task holds no PII: the agent opens the loan to see whom to call.
//
// A call or visit is worked by the agent who claimed it: the compliance guard
// allowed the contact then. A claim lasts to the end of the debtor's local day;
// the queue offers only tasks nobody holds and that may be worked now.
import mongoose, { Schema } from 'mongoose';
import { documentReviser } from './revisions';
import type { ArrearsReason, TaskOutcome } from '../domain';

/** contact: an agent reaches the debtor and reports an outcome; review: an internal decision. */
export type TaskKind = 'contact' | 'review';

/** open: to be worked; done: reported; withdrawn: the guard forbade the contact, so it will not be worked. */
export type TaskStatus = 'open' | 'done' | 'withdrawn';

export interface TaskPromise {
  /** Minor units. */
  amount: number;
  /** 'YYYY-MM-DD'. */
  date: string;
}

/** The agent who has the guard's leave to make the call or visit. */
export interface TaskClaim {
  agent: string;
  /** Business time of the claim. */
  at: Date;
  /** The debtor's local date of the claim, 'YYYY-MM-DD'. */
  day: string;
  /** Business time the claim lapses: the end of that local day. */
  until: Date;
  /** The log of the debtor's day of calls that gave the agent the call (src/db/daily-calls.ts). */
  place: string;
  /** Why the guard allowed it. */
  reason: string;
}

/** A rule of the compliance guard and what it said. */
export interface TaskVerdict {
  rule: string;
  reason: string;
}

export interface TaskRecord {
  /** The task id: lookups by _id are the ones every store serves from an index. */
  _id: string;
  /** The action's idempotency key. */
  taskId: string;
  caseId: string;
  loanId: string;
  debtorRef: string;
  step: string;
  channel: string;
  kind: TaskKind;
  queue: string;
  template?: string;
  status: TaskStatus;
  /** Business time from which the task may be worked: the compliance guard allows the contact from then. */
  dueAt: Date;
  /** What moved dueAt to later than the task was queued. */
  deferral?: TaskVerdict;
  claim?: TaskClaim;
  /** Why a withdrawn task will not be worked, and since when. */
  withdrawal?: TaskVerdict & { at: Date };
  outcome?: TaskOutcome;
  agent?: string;
  promise?: TaskPromise;
  /** With a dispute outcome: what the debtor disputes, in the agent's words. */
  dispute?: { reason: string };
  /** Why the debtor says they fell behind, when they said. */
  arrearsReason?: ArrearsReason;
  createdAt: Date;
  completedAt?: Date;
}

const taskSchema = new Schema<TaskRecord>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true, unique: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    debtorRef: { type: String, required: true },
    step: { type: String, required: true },
    channel: { type: String, required: true },
    kind: { type: String, required: true },
    queue: { type: String, required: true },
    template: String,
    status: { type: String, required: true },
    dueAt: { type: Date, required: true },
    deferral: { type: Schema.Types.Mixed },
    claim: { type: Schema.Types.Mixed },
    withdrawal: { type: Schema.Types.Mixed },
    outcome: String,
    agent: String,
    promise: { type: Schema.Types.Mixed },
    dispute: { type: Schema.Types.Mixed },
    arrearsReason: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    completedAt: Date,
  },
  { collection: 'tasks', versionKey: false },
);
taskSchema.index({ queue: 1, status: 1, dueAt: 1, taskId: 1 });

export function taskModel(connection: mongoose.Connection) {
  return (connection.models.Task as mongoose.Model<TaskRecord> | undefined) ?? connection.model<TaskRecord>('Task', taskSchema);
}

/**
 * A debtor's open calls and visits, by _id (`debtor:<debtorRef>`): what is moved
 * out of the queue when the debtor's day is full, found without a query that
 * FerretDB would answer by reading every task.
 */
interface OpenTaskListing {
  _id: string;
  open: string[];
  /** Written through documentReviser: a debtor's loans queue and close their tasks at once. */
  revision?: number;
}

const openTaskListingSchema = new Schema<OpenTaskListing>(
  { _id: { type: String, required: true }, open: { type: [String], default: [] }, revision: { type: Number } },
  { collection: 'task_index', versionKey: false },
);

function openTaskListingModel(connection: mongoose.Connection) {
  return (
    (connection.models.OpenTaskListing as mongoose.Model<OpenTaskListing> | undefined) ??
    connection.model<OpenTaskListing>('OpenTaskListing', openTaskListingSchema)
  );
}

export type NewTask = Pick<TaskRecord, 'taskId' | 'caseId' | 'loanId' | 'debtorRef' | 'step' | 'channel' | 'kind' | 'queue' | 'template' | 'dueAt'>;
export type TaskReport = Required<Pick<TaskRecord, 'outcome' | 'agent'>> & Pick<TaskRecord, 'promise' | 'dispute' | 'arrearsReason'>;

const DUPLICATE_KEY = 11000;

/** A place in a work queue: the due time (ms) and the task id of a task. */
export type QueuePosition = [dueAtMs: number, taskId: string];

export const queuePositionOf = (task: TaskRecord): QueuePosition => [new Date(task.dueAt).getTime(), task.taskId];

/** Nobody holds the task at `now`: it was never claimed, or its claim has lapsed. */
const unclaimedAt = (now: Date) => ({ $or: [{ claim: { $exists: false } }, { 'claim.until': { $lte: now } }] });

/** Open, and not held by another agent than `agent` at `now`. */
const openTo = (agent: string | undefined, now: Date) => ({
  status: 'open' as const,
  $or: [{ claim: { $exists: false } }, { 'claim.until': { $lte: now } }, ...(agent ? [{ 'claim.agent': agent }] : [])],
});

export function workQueue(connection: mongoose.Connection) {
  const Task = taskModel(connection);
  const Listing = openTaskListingModel(connection);
  // Revisions, not $addToSet and $pull: FerretDB loses some of the updates a debtor's loans send to one listing at once.
  const reviseListing = documentReviser(connection, Listing);
  const listingId = (debtorRef: string) => `debtor:${debtorRef}`;
  const unlist = (task: Pick<TaskRecord, 'debtorRef' | 'taskId'>) =>
    reviseListing(listingId(task.debtorRef), (listing) => (listing?.open.includes(task.taskId) ? { open: listing.open.filter((id) => id !== task.taskId) } : undefined));

  const get = async (taskId: string) =>
    (await Task.findById(taskId).lean<TaskRecord>()) ?? Task.findOne({ taskId }).lean<TaskRecord>(); // or one from before tasks were keyed by id
  return {
    get,

    /** Queues the task once; a repeat returns the task already queued. */
    async open(task: NewTask): Promise<TaskRecord> {
      const queued = await Task.findById(task.taskId).lean<TaskRecord>();
      if (queued) return queued;
      // Listed first: a listing may name a task that is not open (readers check), never miss one that is.
      if (task.kind === 'contact') {
        await reviseListing(listingId(task.debtorRef), (listing) => (listing?.open.includes(task.taskId) ? undefined : { open: [...(listing?.open ?? []), task.taskId] }));
      }
      await Task.init(); // the unique taskId index must exist before the first insert
      try {
        await Task.create({ _id: task.taskId, ...task, status: 'open', createdAt: new Date() });
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
      return (await get(task.taskId))!;
    },

    /** Records on the open task the claim the day's calls gave the agent; false when the task is no longer open. */
    async claim(task: TaskRecord, claim: TaskClaim): Promise<boolean> {
      const written = await Task.updateOne({ _id: task._id, status: 'open' }, { $set: { claim } });
      return written.matchedCount === 1;
    },

    /**
     * Moves the open task out of the queue until `until`, for the rule's reason,
     * unless another agent than `agent` holds it at `now`; a claim of the agent's
     * is given up. Never moves a task to earlier. True when it moved.
     */
    async defer(task: TaskRecord, until: Date, deferral: TaskVerdict, { now, agent }: { now: Date; agent?: string }): Promise<boolean> {
      const written = await Task.updateOne(
        { _id: task._id, dueAt: { $lt: until }, ...openTo(agent, now) },
        { $set: { dueAt: until, deferral }, $unset: { claim: '' } },
      );
      return written.modifiedCount === 1;
    },

    /** Takes the open task out of every queue for good, for the rule's reason (unless another agent holds it at `now`). */
    async withdraw(task: TaskRecord, withdrawal: TaskVerdict, { now, agent }: { now: Date; agent?: string }): Promise<boolean> {
      const written = await Task.updateOne(
        { _id: task._id, ...openTo(agent, now) },
        { $set: { status: 'withdrawn', withdrawal: { ...withdrawal, at: now } }, $unset: { claim: '' } },
      );
      if (written.modifiedCount === 1) await unlist(task);
      return written.modifiedCount === 1;
    },

    /**
     * Closes the task with the report of the agent who holds it; `first` is false
     * when it had been closed already (or the agent does not hold it: the caller
     * checked). Null when there is no such task.
     */
    async complete(task: TaskRecord, report: TaskReport): Promise<{ task: TaskRecord; first: boolean } | null> {
      const written = await Task.updateOne(
        { _id: task._id, status: 'open', 'claim.agent': report.agent },
        { $set: { ...report, status: 'done', completedAt: new Date() } },
      );
      const closed = await get(task.taskId);
      if (closed && closed.status !== 'open') await unlist(task);
      return closed && { task: closed, first: written.modifiedCount === 1 };
    },

    /** The debtor's open calls and visits, read by _id. */
    async openOfDebtor(debtorRef: string): Promise<TaskRecord[]> {
      const listing = await Listing.findById(listingId(debtorRef)).lean<OpenTaskListing>();
      const tasks = await Promise.all((listing?.open ?? []).map((taskId) => Task.findById(taskId).lean<TaskRecord>()));
      return tasks.filter((task): task is TaskRecord => task?.status === 'open');
    },

    /**
     * Open tasks of a queue, the longest waiting first (by due time, then task
     * id), after a position when given: a place in the queue, so tasks closed
     * meanwhile shift nothing. `kind` keeps one kind of task; `workableAt` keeps
     * those that may be worked then: due by then, and held by nobody.
     */
    openIn(queue: string, limit: number, options: { after?: QueuePosition; kind?: TaskKind; workableAt?: Date } = {}) {
      const { after, kind, workableAt } = options;
      const conditions = [
        ...(after ? [{ $or: [{ dueAt: { $gt: new Date(after[0]) } }, { dueAt: new Date(after[0]), taskId: { $gt: after[1] } }] }] : []),
        ...(workableAt ? [{ dueAt: { $lte: workableAt } }, unclaimedAt(workableAt)] : []),
      ];
      return Task.find({ queue, status: 'open', ...(kind && { kind }), ...(conditions.length > 0 && { $and: conditions }) })
        .sort({ dueAt: 1, taskId: 1 })
        .limit(limit)
        .lean<TaskRecord[]>();
    },
  };
}

export type WorkQueue = ReturnType<typeof workQueue>;
