// Agents report the outcome of a phone call or field visit: the task closes in
// the work queue and the case hears it. Reporting the same outcome again is safe
// (the case counts a task once), so a caller may retry after a failure.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { isoDateSchema, TASK_OUTCOMES, type TaskOutcome } from '../domain';
import { workQueue, type TaskPromise, type TaskRecord } from '../db/tasks';
import { taskOutcome } from '../workflows/collection-case/messages';

/** What an agent reports about a task: the API's request body, and the rule reportTaskOutcome enforces. */
export const taskReportSchema = z
  .strictObject({
    outcome: z.enum(TASK_OUTCOMES),
    /** With promise-to-pay, and only with it: what the debtor promised, in minor units, by when. */
    promise: z.strictObject({ amount: z.number().int().positive(), date: isoDateSchema }).optional(),
  })
  .refine((report) => (report.outcome === 'promise-to-pay') === (report.promise !== undefined), {
    path: ['promise'],
    message: 'a promise (amount and date) comes with a promise-to-pay outcome, and only with it',
  });

export interface TaskOutcomeRequest {
  taskId: string;
  outcome: TaskOutcome;
  /** The agent's user id. */
  agent: string;
  /** Required with promise-to-pay: what the debtor promised, in minor units, by when. */
  promise?: TaskPromise;
}

export type TaskReportErrorCode = 'TASK_NOT_FOUND' | 'NOT_A_CONTACT_TASK' | 'TASK_ALREADY_REPORTED' | 'INVALID_TASK_OUTCOME';

/** A report the task cannot take, with a stable code for the API to map. */
export class TaskReportError extends Error {
  override name = 'TaskReportError';
  constructor(
    readonly code: TaskReportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function validate({ outcome, agent, promise }: TaskOutcomeRequest): void {
  if (!agent?.trim()) throw new TaskReportError('INVALID_TASK_OUTCOME', 'The report names no agent; sign in with a token that carries your user id');
  const checked = taskReportSchema.safeParse({ outcome, ...(promise !== undefined ? { promise } : {}) });
  if (!checked.success) {
    const [{ path, message }] = checked.error.issues;
    throw new TaskReportError('INVALID_TASK_OUTCOME', `The report is not valid: ${path.length ? `${path.join('.')}: ` : ''}${message}`);
  }
}

const sameReport = (task: TaskRecord, request: TaskOutcomeRequest) =>
  task.outcome === request.outcome && task.promise?.amount === request.promise?.amount && task.promise?.date === request.promise?.date;

export interface TaskOutcomeReported {
  task: TaskRecord;
  /** False when the case had closed: the report is kept on the task all the same. */
  caseNotified: boolean;
  /** True when the task had been closed with this same report before. */
  duplicate: boolean;
}

/** Closes the task with the agent's outcome and signals the case. */
export async function reportTaskOutcome(client: Client, connection: mongoose.Connection, request: TaskOutcomeRequest): Promise<TaskOutcomeReported> {
  validate(request);
  const queue = workQueue(connection);
  const existing = await queue.get(request.taskId);
  if (!existing) throw new TaskReportError('TASK_NOT_FOUND', `Task ${request.taskId} is in no work queue`);
  if (existing.kind !== 'contact') {
    throw new TaskReportError('NOT_A_CONTACT_TASK', `Task ${request.taskId} is a ${existing.channel}, not a call or visit: it takes no call outcome`);
  }
  const completed = await queue.complete(request.taskId, { outcome: request.outcome, agent: request.agent, promise: request.promise });
  const task = completed!.task;
  if (!completed!.first && !sameReport(task, request)) {
    throw new TaskReportError('TASK_ALREADY_REPORTED', `Task ${request.taskId} was already reported as ${task.outcome} by ${task.agent}; ask a supervisor to correct the case`);
  }
  const duplicate = !completed!.first;
  try {
    await client.workflow.getHandle(task.caseId).signal(taskOutcome, {
      taskId: task.taskId,
      step: task.step,
      outcome: request.outcome,
      actor: request.agent,
      ...(request.promise ? { promise: request.promise } : {}),
    });
    return { task, caseNotified: true, duplicate };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { task, caseNotified: false, duplicate };
    throw error;
  }
}
