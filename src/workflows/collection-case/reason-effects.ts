// What an overdue reason makes the case do at once, whatever the DPD, as the
// strategy's onReason says: a hold (fraud review, deceased, dispute) and an
// internal task for a team (a review in the work queue, which reaches nobody
// outside). A reason from any source counts: a supervisor's, an agent's report,
// the debtor's own reply. Handlers put the hold at once; the activities (queueing
// the team's task, withdrawing agents' calls and visits) are left to the main
// loop, which runs them one at a time before it decides.
import { ActivityFailure } from '@temporalio/workflow';
import { HOLD_EFFECTS, reasonEffectFor, type HoldKind, type OverdueReasonEntry } from '../../domain';
import { actionRequest, channelsFor, recordsFor } from './activities';
import { nowOf, record, recordOverdueReason, type CaseState, type ReasonWork } from './case-state';
import type { CaseFeatures } from './versions';

/** Holds under which nobody should work the case's calls and visits: they are withdrawn from the queue. */
const WITHDRAWS_TASKS: readonly HoldKind[] = ['deceased', 'fraud-review'];

const fromWhom = (entry: Pick<OverdueReasonEntry, 'source' | 'channel' | 'taskId'>) =>
  entry.source === 'agent' ? `an agent's report on task ${entry.taskId}` : entry.source === 'debtor' ? `the debtor's ${entry.channel} reply` : 'a supervisor';

/** Records the reason as the case's latest; on a run with reason effects, does what the strategy says the reason does. */
export function reasonRecorded(state: CaseState, features: CaseFeatures, wallNowMs: number, entry: Omit<OverdueReasonEntry, 'at'>): void {
  recordOverdueReason(state, wallNowMs, entry);
  if (!features.reasonEffects) return;
  const effect = reasonEffectFor(state.strategy, entry.code);
  if (!effect) return;
  const already = effect.hold !== undefined && state.holds.some((hold) => hold.kind === effect.hold);
  if (effect.hold && !already) {
    const why = `overdue reason ${entry.code} from ${fromWhom(entry)}`;
    state.holds.push({ kind: effect.hold, reason: why, actor: entry.actor, sinceMs: nowOf(state, wallNowMs) });
    record(state, wallNowMs, 'command', entry.actor, `${effect.hold} hold put for ${why}: ${HOLD_EFFECTS[effect.hold].why}`, {
      command: 'reason-effect',
      code: entry.code,
      hold: effect.hold,
    });
    if (WITHDRAWS_TASKS.includes(effect.hold) && state.openTasks?.length) leave(state, { kind: 'withdraw-tasks', code: entry.code, hold: effect.hold });
  }
  // A hold already in place means the matter is with its team: the reason said again adds no second task.
  if (effect.task && !already) leave(state, { kind: 'task', code: entry.code, queue: effect.task.queue, ...(effect.task.template && { template: effect.task.template }) });
}

function leave(state: CaseState, work: ReasonWork): void {
  (state.reasonWork ??= []).push(work);
}

/** Does the work recorded reasons left, oldest first; what a handler adds meanwhile is done in the same turn. */
export async function doReasonWork(state: CaseState): Promise<void> {
  while (state.reasonWork?.length) {
    const work = state.reasonWork[0];
    if (work.kind === 'task') await queueTeamTask(state, work);
    else await withdrawAgentTasks(state, work);
    state.reasonWork.shift();
  }
}

const failureOf = (error: unknown) => (error instanceof ActivityFailure && error.cause ? error.cause.message : String(error));

async function queueTeamTask(state: CaseState, work: Extract<ReasonWork, { kind: 'task' }>): Promise<void> {
  const step = `reason-${work.code}`;
  const seq = ++state.actionSeq;
  const data = { step, channel: 'review', seq, queue: work.queue };
  const request = actionRequest(state, seq, step, 'review', { template: work.template, parameters: { queue: work.queue } });
  try {
    const result = await channelsFor(state.clock).performAction(request);
    if (result.status !== 'sent') {
      record(state, Date.now(), 'action', `guard:${result.rule}`, `review task in ${work.queue} for overdue reason ${work.code} ${result.status}: ${result.reason}`, { ...data, status: result.status });
      return;
    }
    record(state, Date.now(), 'action', 'system', `review task queued in ${work.queue} for overdue reason ${work.code}`, { ...data, status: 'sent', providerRef: result.providerRef });
  } catch (error) {
    record(state, Date.now(), 'action', 'system', `review task in ${work.queue} for overdue reason ${work.code} failed: ${failureOf(error)}`, { ...data, status: 'failed' });
  }
}

async function withdrawAgentTasks(state: CaseState, work: Extract<ReasonWork, { kind: 'withdraw-tasks' }>): Promise<void> {
  const tasks = state.openTasks ?? [];
  if (!tasks.length) return;
  const reason = `the case is on the ${work.hold} hold (overdue reason ${work.code}): ${HOLD_EFFECTS[work.hold].why}`;
  const taskIds = tasks.map((task) => task.taskId);
  const withdrawn = await recordsFor(state.clock).withdrawTasks({ taskIds, rule: `${work.hold}-hold`, reason, atMs: nowOf(state, Date.now()) });
  // Withdrawn tasks are never reported on: the case stops waiting for them.
  state.openTasks = (state.openTasks ?? []).filter((task) => !taskIds.includes(task.taskId));
  record(state, Date.now(), 'action', 'system', `${withdrawn} open call or visit task(s) withdrawn from the work queue: ${reason}`, { taskIds, withdrawn });
}
