// Work queues for people: phone calls and field visits for agents, write-off and
// legal reviews for supervisors. One task per outbound action, keyed by the
// action's idempotency key, so a retried activity never queues a second call.
// A task holds no PII: the agent opens the loan to see whom to call.
import mongoose, { Schema } from 'mongoose';
import type { TaskOutcome } from '../domain';

/** contact: an agent reaches the debtor and reports an outcome; review: an internal decision. */
export type TaskKind = 'contact' | 'review';

export interface TaskPromise {
  /** Minor units. */
  amount: number;
  /** 'YYYY-MM-DD'. */
  date: string;
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
  status: 'open' | 'done';
  /** Business time from which the task may be worked: the compliance guard allowed the contact then. */
  dueAt: Date;
  outcome?: TaskOutcome;
  agent?: string;
  promise?: TaskPromise;
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
    outcome: String,
    agent: String,
    promise: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    completedAt: Date,
  },
  { collection: 'tasks', versionKey: false },
);
taskSchema.index({ queue: 1, status: 1, dueAt: 1, taskId: 1 });

export function taskModel(connection: mongoose.Connection) {
  return (connection.models.Task as mongoose.Model<TaskRecord> | undefined) ?? connection.model<TaskRecord>('Task', taskSchema);
}

export type NewTask = Omit<TaskRecord, '_id' | 'status' | 'outcome' | 'agent' | 'promise' | 'createdAt' | 'completedAt'>;
export type TaskReport = Required<Pick<TaskRecord, 'outcome' | 'agent'>> & { promise?: TaskPromise };

const DUPLICATE_KEY = 11000;

/** A place in a work queue: the due time (ms) and the task id of a task. */
export type QueuePosition = [dueAtMs: number, taskId: string];

export const queuePositionOf = (task: TaskRecord): QueuePosition => [new Date(task.dueAt).getTime(), task.taskId];

export function workQueue(connection: mongoose.Connection) {
  const Task = taskModel(connection);
  const get = async (taskId: string) =>
    (await Task.findById(taskId).lean<TaskRecord>()) ?? Task.findOne({ taskId }).lean<TaskRecord>(); // or one from before tasks were keyed by id
  return {
    get,

    /** Queues the task once; a repeat returns the task already queued. */
    async open(task: NewTask): Promise<TaskRecord> {
      const queued = await Task.findById(task.taskId).lean<TaskRecord>();
      if (queued) return queued;
      await Task.init(); // the unique taskId index must exist before the first insert
      try {
        await Task.create({ _id: task.taskId, ...task, status: 'open', createdAt: new Date() });
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
      return (await get(task.taskId))!;
    },

    /** Closes an open task with the agent's report; `first` is false when it had been closed already. */
    async complete(taskId: string, report: TaskReport): Promise<{ task: TaskRecord; first: boolean } | null> {
      const written = await Task.updateOne({ taskId, status: 'open' }, { $set: { ...report, status: 'done', completedAt: new Date() } });
      const task = await get(taskId);
      return task && { task, first: written.modifiedCount === 1 };
    },

    /**
     * Open tasks of a queue, the longest waiting first (by due time, then task
     * id), after a position when given: a place in the queue, so tasks closed
     * meanwhile shift nothing. `kind` keeps one kind of task.
     */
    openIn(queue: string, limit: number, options: { after?: QueuePosition; kind?: TaskKind } = {}) {
      const { after, kind } = options;
      const afterFilter = after && {
        $or: [{ dueAt: { $gt: new Date(after[0]) } }, { dueAt: new Date(after[0]), taskId: { $gt: after[1] } }],
      };
      return Task.find({ queue, status: 'open', ...(kind && { kind }), ...afterFilter })
        .sort({ dueAt: 1, taskId: 1 })
        .limit(limit)
        .lean<TaskRecord[]>();
    },
  };
}

export type WorkQueue = ReturnType<typeof workQueue>;
