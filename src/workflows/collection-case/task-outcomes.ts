// Agents' reports on phone calls and field visits. The case records who reached
// whom, counts the contact, lets the step's outcome rise to what the call
// achieved, and holds the ladder for a promise to pay until its date. The contact
// log learns the conversation's business time, which the compliance guard's
// quiet-after-conversation rule counts from.
import { setHandler } from '@temporalio/workflow';
import { CONTACT_OUTCOME_OF_TASK, DAY_MS, dueDateToMs, isOverdueReason, STEP_OUTCOME_OF_TASK, type TaskOutcomeReport } from '../../domain';
import { recordsFor } from './activities';
import { nowOf, record, type CaseState } from './case-state';
import { bestOutcome } from './collect';
import type { CaseControl } from './commands';
import * as messages from './messages';
import { reasonRecorded } from './reason-effects';
import type { CaseFeatures } from './versions';

export function installTaskOutcomeHandler(control: CaseControl): void {
  const { state } = control;
  setHandler(messages.taskOutcome, async (report) => {
    const stepOutcome = STEP_OUTCOME_OF_TASK[report.outcome];
    if (state.closure || !stepOutcome || state.reportedTasks.includes(report.taskId)) return;
    state.reportedTasks.push(report.taskId);
    state.openTasks = (state.openTasks ?? []).filter((task) => task.taskId !== report.taskId);
    const now = control.now();
    state.stepOutcomes[report.step] = bestOutcome([state.stepOutcomes[report.step] ?? 'failed', stepOutcome]);
    if (stepOutcome === 'contacted' || stepOutcome === 'promise-to-pay') state.contactsSuccessful += 1;
    record(state, now, 'action', report.actor, `task ${report.taskId} for step ${report.step}: ${report.outcome}`, {
      step: report.step,
      taskId: report.taskId,
      outcome: report.outcome,
    });
    if (report.outcome === 'promise-to-pay') holdForPromise(state, now, report);
    if (report.outcome === 'dispute' && control.features.agentDisputeHold) holdForDispute(state, now, report);
    if (report.arrearsReason && control.features.overdueReasons) reasonFromAgent(state, control.features, now, report);
    control.wake();
    await recordsFor(state.clock).recordTaskOutcome({ taskId: report.taskId, contactOutcome: CONTACT_OUTCOME_OF_TASK[report.outcome], atMs: nowOf(state, now) });
  });
}

/** The reason the debtor gave the agent becomes the case's latest; a signal cannot be refused, so an unknown code is recorded as not taken. */
function reasonFromAgent(state: CaseState, features: CaseFeatures, now: number, report: TaskOutcomeReport): void {
  const { code, note } = report.arrearsReason!;
  if (!isOverdueReason(code)) {
    record(state, now, 'command', report.actor, `overdue reason from task ${report.taskId} not recorded: "${String(code)}" is not an overdue reason`);
    return;
  }
  const trimmed = typeof note === 'string' ? note.trim() : undefined;
  reasonRecorded(state, features, now, { code, ...(trimmed && { note: trimmed }), actor: report.actor, source: 'agent', taskId: report.taskId });
}

/** The dispute hold, as the dispute command puts it; a case under dispute already stays as it is. */
function holdForDispute(state: CaseState, now: number, report: TaskOutcomeReport): void {
  if (state.holds.some((hold) => hold.kind === 'dispute')) return;
  const given = typeof report.dispute?.reason === 'string' ? report.dispute.reason.trim() : '';
  const reason = `${given || 'the debtor disputes the debt'} (task ${report.taskId})`;
  state.holds.push({ kind: 'dispute', reason, actor: report.actor, sinceMs: nowOf(state, now) });
  record(state, now, 'command', report.actor, `disputed: ${reason}; outreach held until resolved`, { command: 'dispute', taskId: report.taskId });
}

/** The end of a 'YYYY-MM-DD' day in business ms, or undefined for anything else: a handler must not throw. */
function endOfDay(date: unknown): number | undefined {
  try {
    return dueDateToMs(String(date)) + DAY_MS;
  } catch {
    return undefined;
  }
}

/** A signal cannot be refused, so a promise the case cannot hold is recorded with the reason instead. */
function holdForPromise(state: CaseState, now: number, report: TaskOutcomeReport): void {
  const businessNow = nowOf(state, now);
  const promise = report.promise;
  const dueMs = promise && endOfDay(promise.date);
  const problem = !promise
    ? 'no amount and date were given'
    : !Number.isInteger(promise.amount) || promise.amount <= 0
      ? 'the amount is not a positive whole number of minor units'
      : dueMs === undefined
        ? `"${promise.date}" is not a YYYY-MM-DD date`
        : dueMs <= businessNow
          ? `${promise.date} has already passed`
          : state.holds.some((hold) => hold.kind === 'promise-to-pay')
            ? 'a promise to pay is already open'
            : undefined;
  if (problem || !promise) {
    record(state, now, 'command', report.actor, `promise to pay from task ${report.taskId} not held: ${problem}`);
    return;
  }
  state.holds.push({
    kind: 'promise-to-pay',
    reason: `promised ${promise.amount} by ${promise.date} (task ${report.taskId})`,
    actor: report.actor,
    sinceMs: businessNow,
    amount: promise.amount,
    dueMs,
    paidSince: 0,
  });
  record(state, now, 'command', report.actor, `promise to pay ${promise.amount} ${state.loan.currency} by ${promise.date}; escalation waits until then`, {
    command: 'promise-to-pay',
    amount: promise.amount,
    date: promise.date,
    taskId: report.taskId,
  });
}
