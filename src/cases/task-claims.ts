// An agent takes a call or visit from the queue: the compliance guard decides
// again, now, with the debtor's country and time zone from the loan book and the
// case's holds, whether the contact may happen. Allowed, the agent holds the task
// (and sees whom to call) until the end of the debtor's local day. Where the rules
// limit connected calls a day, the claimed call takes one of the day's places
// before the agent has its leave: whether it connects is known only after it.
// The day's log of calls (src/db/daily-calls.ts) decides who holds a call and
// whether a place is left, safely when agents claim at once; the task records it.
// Deferred, the task leaves the queue until the guard allows it; denied, it is
// withdrawn with the rule's reason.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { createComplianceGuard, dailyCallLimitOf, debtorFacts, regimeForCountry, type ComplianceRegime, type GuardedAttempt } from '../activities/compliance';
import { caseViewModel } from '../db/cases';
import { contactLog } from '../db/contacts';
import { dailyCalls } from '../db/daily-calls';
import { loanBook, type DebtorContact } from '../db/loans';
import { workQueue, type TaskClaim, type TaskRecord, type TaskVerdict } from '../db/tasks';
import type { Channel, HoldKind } from '../domain';
import { nextLocalDayAt } from '../domain/compliance';
import { caseView } from '../workflows/collection-case/messages';
import { callDayOf, dayFullReason } from './daily-calls';

/** Not a rule of any profile: a closed case makes no more contact. */
export const CASE_CLOSED_RULE = 'case-closed';

export type TaskClaimErrorCode =
  | 'AGENT_NOT_IDENTIFIED'
  | 'TASK_NOT_FOUND'
  | 'NOT_A_CONTACT_TASK'
  | 'TASK_ALREADY_REPORTED'
  | 'TASK_WITHDRAWN'
  | 'TASK_CLAIMED_BY_ANOTHER'
  | 'LOAN_NOT_FOUND'
  | 'CLAIM_DEFERRED'
  | 'CLAIM_DENIED';

/** What the guard said when it did not allow the contact now. */
export interface ComplianceRefusal extends TaskVerdict {
  verdict: 'defer' | 'deny';
  /** For a deferral: business time from which the contact may happen. */
  untilMs?: number;
}

/** A claim the task cannot take, with a stable code for the API to map. */
export class TaskClaimError extends Error {
  override name = 'TaskClaimError';
  constructor(
    readonly code: TaskClaimErrorCode,
    message: string,
    readonly compliance?: ComplianceRefusal,
  ) {
    super(message);
  }
}

export interface TaskClaimRequest {
  taskId: string;
  /** The agent's user id. */
  agent: string;
  /** Business time of the claim. */
  atMs: number;
}

export interface TaskClaimed {
  task: TaskRecord;
  /** The debtor's contact details from the loan book: the caller hands out what the channel needs. */
  contact: DebtorContact;
  profile: string;
}

/** Why a task that is not open can be neither taken nor reported: for a claim and a report alike. */
export function whyClosed(task: TaskRecord): { code: 'TASK_WITHDRAWN' | 'TASK_ALREADY_REPORTED'; message: string } {
  if (task.status === 'withdrawn') {
    const why = task.withdrawal ? `${task.withdrawal.reason} (${task.withdrawal.rule})` : 'it may not be worked';
    return { code: 'TASK_WITHDRAWN', message: `Task ${task.taskId} was withdrawn: ${why}` };
  }
  return { code: 'TASK_ALREADY_REPORTED', message: `Task ${task.taskId} was already reported as ${task.outcome} by ${task.agent}` };
}

/** Why another agent can neither take nor report a task an agent holds. */
export const whyHeld = (task: TaskRecord, holder = task.claim?.agent ?? 'another agent') => ({
  code: 'TASK_CLAIMED_BY_ANOTHER' as const,
  message: `Task ${task.taskId} is being worked by ${holder}; take another task from the queue`,
});

const claimError = ({ code, message }: { code: TaskClaimErrorCode; message: string }) => new TaskClaimError(code, message);

function deferred(task: TaskRecord, verdict: TaskVerdict, untilMs: number): TaskClaimError {
  const until = new Date(untilMs).toISOString();
  return new TaskClaimError('CLAIM_DEFERRED', `Task ${task.taskId} may be worked from ${until}: ${verdict.reason} (${verdict.rule}); it is back in the queue then`, {
    verdict: 'defer',
    ...verdict,
    untilMs,
  });
}

function denied(task: TaskRecord, verdict: TaskVerdict): TaskClaimError {
  return new TaskClaimError('CLAIM_DENIED', `Task ${task.taskId} may not be worked: ${verdict.reason} (${verdict.rule}); it is withdrawn from the queue`, {
    verdict: 'deny',
    ...verdict,
  });
}

/** Whether the case still makes contact, and the holds the guard honours: from the case itself, or its read model once it is gone. */
async function caseStanding(client: Client, connection: mongoose.Connection, caseId: string): Promise<{ closed: boolean; holds: HoldKind[] }> {
  let view;
  try {
    view = await client.workflow.getHandle(caseId).query(caseView);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    view = (await caseViewModel(connection).findById(caseId).lean())?.view;
  }
  return { closed: view?.status === 'closed', holds: (view?.holds ?? []).map((hold) => hold.kind) };
}

/** Gives the task to the agent if the compliance guard allows the contact now; throws a TaskClaimError otherwise. */
export async function claimTask(
  client: Client,
  connection: mongoose.Connection,
  request: TaskClaimRequest,
  regimeFor: (country: string) => ComplianceRegime = regimeForCountry,
): Promise<TaskClaimed> {
  const { taskId, agent, atMs } = request;
  if (!agent?.trim()) throw new TaskClaimError('AGENT_NOT_IDENTIFIED', 'The claim names no agent; sign in with a token that carries your user id');
  const queue = workQueue(connection);
  const task = await queue.get(taskId);
  if (!task) throw new TaskClaimError('TASK_NOT_FOUND', `Task ${taskId} is in no work queue`);
  if (task.kind !== 'contact') throw new TaskClaimError('NOT_A_CONTACT_TASK', `Task ${taskId} is a ${task.channel}, not a call or visit: nobody takes it to contact the debtor`);
  if (task.status !== 'open') throw claimError(whyClosed(task));
  const now = new Date(atMs);
  if (task.claim && task.claim.agent !== agent && task.claim.until > now) throw claimError(whyHeld(task));
  if (task.dueAt > now) throw deferred(task, task.deferral ?? { rule: 'queued-for-later', reason: 'the task was queued for later' }, task.dueAt.getTime());

  const loan = await loanBook(connection).get(task.loanId);
  if (!loan) throw new TaskClaimError('LOAN_NOT_FOUND', `Loan ${task.loanId} is not in the loan book: the guard cannot tell the debtor's local time; import the loan first`);
  const debtor = { ...loan.loan.debtor, debtorRef: task.debtorRef };

  const calls = dailyCalls(connection);
  /** Gives back the place the agent's earlier claim today held, when the task will not be worked now after all. */
  const releasePlace = async () => {
    const held = task.claim;
    if (held?.agent === agent && held.until > now) await calls.release(held.place, taskId, agent);
  };
  const defer = async ({ rule, reason }: TaskVerdict, untilMs: number) => {
    await queue.defer(task, new Date(untilMs), { rule, reason }, { now, agent });
    await releasePlace();
    return deferred(task, { rule, reason }, untilMs);
  };
  const withdraw = async ({ rule, reason }: TaskVerdict) => {
    await queue.withdraw(task, { rule, reason }, { now, agent });
    await releasePlace();
    return denied(task, { rule, reason });
  };

  const standing = await caseStanding(client, connection, task.caseId);
  if (standing.closed) throw await withdraw({ rule: CASE_CLOSED_RULE, reason: `case ${task.caseId} is closed: it makes no more contact` });
  const attempt: GuardedAttempt = {
    caseId: task.caseId,
    loanId: task.loanId,
    idempotencyKey: task.taskId,
    channel: task.channel as Channel,
    template: task.template,
    debtor,
    atMs,
    // Only suits and threats of suit need a debt that is not time-barred; no call or visit is one.
    timeBarred: false,
    disputed: standing.holds.includes('dispute'),
    ceaseContact: standing.holds.includes('cease-contact'),
  };
  const { verdict, profile } = await createComplianceGuard(contactLog(connection), regimeFor, debtorFacts(connection)).check(attempt);
  if (verdict.verdict === 'defer') throw await defer(verdict, verdict.untilMs);
  if (verdict.verdict === 'deny') throw await withdraw(verdict);

  // The day's log decides: one agent holds the call, and only with a place among the day's where the rules limit them.
  const limit = dailyCallLimitOf(regimeFor(debtor.country).profile, task.channel);
  const day = callDayOf(debtor, atMs, limit ?? task.channel);
  const place = await calls.take(day.id, taskId, agent, limit?.maxConnected ?? Infinity);
  // Taken today by an agent the task does not name yet (the claims came at once).
  if (place === 'another') throw claimError(whyHeld(task, 'another agent'));
  if (place === 'full' && limit) {
    const reason = dayFullReason(limit, `${limit.maxConnected} connected or claimed calls`, debtor, atMs);
    throw await defer({ rule: limit.id, reason }, nextLocalDayAt(atMs, debtor.timeZone, limit.resumeHour));
  }
  const claim: TaskClaim = {
    agent,
    at: now,
    day: day.date,
    until: new Date(nextLocalDayAt(atMs, debtor.timeZone, 0)),
    place: day.id,
    reason: `allowed under ${profile}: ${verdict.rulesChecked.join(', ')}`,
  };
  if (!(await queue.claim(task, claim))) {
    // Reported or withdrawn meanwhile: the call is not to be made.
    await calls.release(day.id, taskId, agent);
    throw claimError(whyClosed((await queue.get(taskId))!));
  }
  return { task: (await queue.get(taskId))!, contact: loan.contact ?? {}, profile };
}
