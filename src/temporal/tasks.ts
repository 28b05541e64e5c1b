// Agents report the outcome of a phone call or field visit: the task closes in
// the work queue and the case hears it. Reporting the same outcome again is safe
// (the case counts a task once), so a caller may retry after a failure.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { dueDateToMs, TASK_OUTCOMES, type TaskOutcome } from '../domain';
import { workQueue, type TaskPromise, type TaskRecord } from '../db/tasks';
import { taskOutcome } from '../workflows/collection-case/messages';

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
  if (!TASK_OUTCOMES.includes(outcome)) throw new TaskReportError('INVALID_TASK_OUTCOME', `outcome must be one of ${TASK_OUTCOMES.join(', ')}`);
  if (!agent?.trim()) throw new TaskReportError('INVALID_TASK_OUTCOME', 'agent is required');
  if ((outcome === 'promise-to-pay') !== (promise !== undefined)) {
    throw new TaskReportError('INVALID_TASK_OUTCOME', 'a promise (amount and date) comes with a promise-to-pay outcome, and only with it');
  }
  if (!promise) return;
  if (!Number.isInteger(promise.amount) || promise.amount <= 0) {
    throw new TaskReportError('INVALID_TASK_OUTCOME', 'promise amount must be a positive whole number of minor units');
  }
  try {
    dueDateToMs(promise.date);
  } catch {
    throw new TaskReportError('INVALID_TASK_OUTCOME', `promise date "${promise.date}" is not a YYYY-MM-DD date`);
  }
}

const sameReport = (task: TaskRecord, request: TaskOutcomeRequest) =>
  task.outcome === request.outcome && task.promise?.amount === request.promise?.amount && task.promise?.date === request.promise?.date;

export interface TaskOutcomeReported {
  task: TaskRecord;
  /** False when the case had closed: the report is kept on the task all the same. */
  caseNotified: boolean;
}

/** Closes the task with the agent's outcome and signals the case. */
export async function reportTaskOutcome(client: Client, connection: mongoose.Connection, request: TaskOutcomeRequest): Promise<TaskOutcomeReported> {
  validate(request);
  const queue = workQueue(connection);
  const existing = await queue.get(request.taskId);
  if (!existing) throw new TaskReportError('TASK_NOT_FOUND', `no task ${request.taskId}`);
  if (existing.kind !== 'contact') throw new TaskReportError('NOT_A_CONTACT_TASK', `task ${request.taskId} is a ${existing.channel}, not a call or visit`);
  const completed = await queue.complete(request.taskId, { outcome: request.outcome, agent: request.agent, promise: request.promise });
  const task = completed!.task;
  if (!completed!.first && !sameReport(task, request)) {
    throw new TaskReportError('TASK_ALREADY_REPORTED', `task ${request.taskId} was reported as ${task.outcome} by ${task.agent}`);
  }
  try {
    await client.workflow.getHandle(task.caseId).signal(taskOutcome, {
      taskId: task.taskId,
      step: task.step,
      outcome: request.outcome,
      actor: request.agent,
      ...(request.promise ? { promise: request.promise } : {}),
    });
    return { task, caseNotified: true };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { task, caseNotified: false };
    throw error;
  }
}

