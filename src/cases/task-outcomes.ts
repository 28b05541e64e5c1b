// Agents report the outcome of a phone call or field visit they claimed (the
// compliance guard allowed it when they took it: see task-claims.ts): the task
// closes in the work queue, the call's place among the debtor's day's calls is
// kept if it connected or given back if not, and the case hears the report.
// Reporting the same outcome again is safe (the case counts a task once), so a
// caller may retry after a failure. A dispute also puts the case on the dispute
// hold, as a supervisor's dispute command does; the reason for the arrears the
// debtor gave stays with the task.
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { dailyCallLimitOf, regimeForCountry, type ComplianceRegime } from '../activities/compliance';
import { dailyCalls } from '../db/daily-calls';
import { loanBook } from '../db/loans';
import { strategyStore } from '../db/strategies';
import { workQueue, type TaskPromise, type TaskRecord } from '../db/tasks';
import {
  ARREARS_REASONS,
  CONTACT_OUTCOME_OF_TASK,
  CONVERSATION_OUTCOMES,
  promiseToPaySchema,
  TASK_OUTCOMES,
  type ArrearsReason,
  type TaskOutcome,
} from '../domain';
import { taskOutcome } from '../workflows/collection-case/messages';
import { CaseCommandError, runCaseCommand } from './case-commands';
import { signalCase } from './case-handles';
import { holdCallsWhenDayFull } from './daily-calls';
import { whyClosed, whyHeld } from './task-claims';

const NOTE_MAX = 500;
const note = z.string().trim().min(1).max(NOTE_MAX);

/** What an agent reports about a task: the API's request body, and the rule reportTaskOutcome enforces. */
export const taskReportSchema = z
  .strictObject({
    outcome: z.enum(TASK_OUTCOMES),
    /** With promise-to-pay, and only with it: what the debtor promised, in minor units, by when. */
    promise: promiseToPaySchema.optional(),
    /** With dispute, and only with it: what the debtor disputes. */
    dispute: z.strictObject({ reason: note.describe('What the debtor disputes, in the agent\'s words') }).optional(),
    /** When the debtor, reached, said why they fell behind. */
    arrearsReason: z
      .strictObject({ code: z.enum(ARREARS_REASONS), note: note.optional().describe('The debtor\'s own words, briefly') })
      .describe('Why the debtor says they fell behind; only when the agent reached them')
      .optional(),
  })
  .refine((report) => (report.outcome === 'promise-to-pay') === (report.promise !== undefined), {
    path: ['promise'],
    message: 'a promise (amount and date) comes with a promise-to-pay outcome, and only with it',
  })
  .refine((report) => (report.outcome === 'dispute') === (report.dispute !== undefined), {
    path: ['dispute'],
    message: 'a dispute (its reason) comes with a dispute outcome, and only with it',
  })
  .refine((report) => report.arrearsReason === undefined || CONVERSATION_OUTCOMES.includes(report.outcome), {
    path: ['arrearsReason'],
    message: `a reason for the arrears comes only with an outcome where the debtor was reached (${CONVERSATION_OUTCOMES.join(', ')})`,
  });

export interface TaskOutcomeRequest {
  taskId: string;
  outcome: TaskOutcome;
  /** The agent's user id: the agent who claimed the task. */
  agent: string;
  /** Required with promise-to-pay: what the debtor promised, in minor units, by when. */
  promise?: TaskPromise;
  /** Required with dispute: what the debtor disputes. */
  dispute?: { reason: string };
  /** Why the debtor says they fell behind, when they said. */
  arrearsReason?: ArrearsReason;
  /** Business time of the report. */
  atMs: number;
}

export type TaskReportErrorCode =
  | 'TASK_NOT_FOUND'
  | 'NOT_A_CONTACT_TASK'
  | 'TASK_ALREADY_REPORTED'
  | 'INVALID_TASK_OUTCOME'
  | 'TASK_NOT_CLAIMED'
  | 'TASK_CLAIMED_BY_ANOTHER'
  | 'TASK_WITHDRAWN';

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

const reportError = ({ code, message }: { code: TaskReportErrorCode; message: string }) => new TaskReportError(code, message);

/** The business day of an instant, YYYY-MM-DD, as promise dates are written. */
const businessDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function validate({ outcome, agent, promise, dispute, arrearsReason }: TaskOutcomeRequest): void {
  if (!agent?.trim()) throw new TaskReportError('INVALID_TASK_OUTCOME', 'The report names no agent; sign in with a token that carries your user id');
  const report = { outcome, ...(promise !== undefined && { promise }), ...(dispute !== undefined && { dispute }), ...(arrearsReason !== undefined && { arrearsReason }) };
  const checked = taskReportSchema.safeParse(report);
  if (!checked.success) {
    const [{ path, message }] = checked.error.issues;
    throw new TaskReportError('INVALID_TASK_OUTCOME', `The report is not valid: ${path.length ? `${path.join('.')}: ` : ''}${message}`);
  }
}

/** A new promise for a day gone by: the case would record it without holding the ladder for it. (A repeat of a report taken then is still safe.) */
function checkPromiseDate({ promise, atMs }: TaskOutcomeRequest): void {
  if (promise && promise.date < businessDay(atMs)) {
    throw new TaskReportError('INVALID_TASK_OUTCOME', `The report is not valid: promise.date: ${promise.date} has passed; today is ${businessDay(atMs)}`);
  }
}

const sameReport = (task: TaskRecord, request: TaskOutcomeRequest) =>
  task.outcome === request.outcome &&
  task.promise?.amount === request.promise?.amount &&
  task.promise?.date === request.promise?.date &&
  task.dispute?.reason === request.dispute?.reason &&
  task.arrearsReason?.code === request.arrearsReason?.code &&
  task.arrearsReason?.note === request.arrearsReason?.note;

/** The task as it may be reported by this agent: open and theirs, or done with this same report (a repeat). */
function checkReportable(task: TaskRecord, request: TaskOutcomeRequest): void {
  if (task.status === 'done') {
    if (sameReport(task, request)) return;
    throw new TaskReportError('TASK_ALREADY_REPORTED', `Task ${task.taskId} was already reported as ${task.outcome} by ${task.agent}; ask a supervisor to correct the case`);
  }
  if (task.status !== 'open') throw reportError(whyClosed(task));
  if (!task.claim) {
    throw new TaskReportError('TASK_NOT_CLAIMED', `Task ${task.taskId} was never claimed: claim it (POST /v1/tasks/${task.taskId}/claim) before the call, so the compliance guard allows it`);
  }
  if (task.claim.agent !== request.agent) throw reportError(whyHeld(task));
}

export interface TaskOutcomeReported {
  task: TaskRecord;
  /** False when the case had closed: the report is kept on the task all the same. */
  caseNotified: boolean;
  /** True when the task had been closed with this same report before. */
  duplicate: boolean;
}

/**
 * The reported call keeps its place among the debtor's day's calls if it
 * connected, or gives it back; a connected call that fills the day moves the
 * debtor's other calls to the next local day. Safe to repeat.
 */
async function settleCallPlace(connection: mongoose.Connection, task: TaskRecord, nowMs: number, regimeFor: (country: string) => ComplianceRegime) {
  const place = task.claim?.place;
  const loan = place && (await loanBook(connection).get(task.loanId));
  if (!place || !loan) return;
  const limit = dailyCallLimitOf(regimeFor(loan.loan.debtor.country).profile, task.channel);
  if (!limit) return;
  const connected = limit.outcomes.includes(CONTACT_OUTCOME_OF_TASK[task.outcome!]);
  const count = await dailyCalls(connection).settle(place, task.taskId, connected);
  if (!connected) return;
  const debtor = { debtorRef: task.debtorRef, timeZone: loan.loan.debtor.timeZone };
  await holdCallsWhenDayFull(workQueue(connection), limit, debtor, { connected: count, dayAtMs: task.claim!.at.getTime(), nowMs, except: task.taskId });
}

/** Closes the task with the agent's outcome and signals the case. */
export async function reportTaskOutcome(
  client: Client,
  connection: mongoose.Connection,
  request: TaskOutcomeRequest,
  regimeFor: (country: string) => ComplianceRegime = regimeForCountry,
): Promise<TaskOutcomeReported> {
  validate(request);
  const queue = workQueue(connection);
  const existing = await queue.get(request.taskId);
  if (!existing) throw new TaskReportError('TASK_NOT_FOUND', `Task ${request.taskId} is in no work queue`);
  if (existing.kind !== 'contact') {
    throw new TaskReportError('NOT_A_CONTACT_TASK', `Task ${request.taskId} is a ${existing.channel}, not a call or visit: it takes no call outcome`);
  }
  checkReportable(existing, request);
  if (existing.status === 'open') checkPromiseDate(request);
  const { outcome, agent, promise, dispute, arrearsReason } = request;
  const completed = (await queue.complete(existing, { outcome, agent, promise, dispute, arrearsReason }))!;
  const task = completed.task;
  // Not closed by this report: closed meanwhile, by this same report or another, or taken from the agent.
  if (!completed.first) checkReportable(task, request);
  const duplicate = !completed.first;
  await settleCallPlace(connection, task, request.atMs, regimeFor);
  const caseNotified = await signalCase(client, task.caseId, taskOutcome, {
    taskId: task.taskId,
    step: task.step,
    outcome: request.outcome,
    actor: request.agent,
    ...(request.promise ? { promise: request.promise } : {}),
    ...(request.arrearsReason ? { arrearsReason: request.arrearsReason } : {}),
    ...(request.dispute ? { dispute: request.dispute } : {}),
  });
  // A case that started before the agent-dispute-hold patch puts the hold only on the command; a later one has it from the signal and refuses the command as already disputed.
  if (caseNotified && request.dispute) await holdForDispute(client, connection, task, request.dispute.reason, request.agent);
  return { task, caseNotified, duplicate };
}

/** The case goes on the dispute hold, as by a supervisor's dispute command; one already under dispute stays so (a repeated report). */
async function holdForDispute(client: Client, connection: mongoose.Connection, task: TaskRecord, reason: string, agent: string): Promise<void> {
  try {
    await runCaseCommand({ temporal: client, strategies: strategyStore(connection) }, task.caseId, 'dispute', { reason: `${reason} (task ${task.taskId})` }, agent);
  } catch (error) {
    const settled = error instanceof CaseCommandError && (error.reason === 'ALREADY_DISPUTED' || error.code === 'CASE_CLOSED');
    if (!settled) throw error;
  }
}
