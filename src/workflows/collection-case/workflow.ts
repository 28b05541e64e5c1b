// The collection case: one workflow per overdue loan, from the first missed
// payment until the loan is paid, cured, or a person closes the case. Each turn
// of the loop walks monitor → assess → strategy → collect → follow-up, and the
// follow-up waits on a durable timer for the next DPD threshold or an event.
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { bucketFor, decideNext, msUntilDpd, wallDelayUntil, type CaseOutcome, type CaseView } from '../../domain';
import {
  assessCase,
  dpdOf,
  holdKinds,
  inArrangement,
  isTimeBarred,
  moveToStage,
  newCaseState,
  nowOf,
  record,
  viewOf,
  type CaseInput,
  type CaseState,
} from './case-state';
import { recallAgencyWhenDue } from './agency';
import { runStep } from './collect';
import { installCaseHandlers } from './commands';
import { installDebtorReplyHandler } from './debtor-replies';
import { resumeDeliveryChecks } from './delivery';
import { caseRun, waitPublishing, type CaseRun } from './publish';
import { planRunning, planWake, watchRepaymentPlan } from './repayment-plan';
import { doReasonWork } from './reason-effects';
import { installTaskOutcomeHandler } from './task-outcomes';
import { liftEndedHardshipHolds, settleOrLapse, settlementAndHardshipTimers, settlementOffered } from './settlements';
import { caseFeatures } from './versions';

const SYSTEM = 'system';

export interface CaseResult {
  caseId: string;
  outcome: CaseOutcome;
  view: CaseView;
}

export async function collectionCase(input: CaseInput): Promise<CaseResult> {
  const features = caseFeatures();
  const state = input.state ?? newCaseState(input, Date.now(), features);
  const agencyWork = new Mutex();
  const run = caseRun(state, features, agencyWork);
  let woken = false;
  const control = { state, features, agencyWork, now: () => Date.now(), wake: () => (woken = true) };
  installCaseHandlers(control);
  installTaskOutcomeHandler(control);
  installDebtorReplyHandler(control);
  resumeDeliveryChecks(state);

  while (!state.closure) {
    woken = false;
    monitor(state);
    if (features.repaymentPlans && !state.closure) await watchRepaymentPlan(run);
    await run.exclusively(() => recallAgencyWhenDue(state, features));
    if (features.reasonEffects) await doReasonWork(state);
    if (state.closure) break;
    const dpd = dpdOf(state, Date.now());
    assessIfNeeded(state, dpd);
    const decision = decide(state, dpd);
    if (decision.due.length) {
      moveToStage(state, Date.now(), 'collect', SYSTEM, decision.reason);
      for (const step of decision.due) await runStep(run, step);
      if (state.closure) break;
      continue;
    }
    moveToStage(state, Date.now(), inArrangement(state) ? 'arrangement' : 'follow-up', SYSTEM, decision.reason);
    scheduleNext(state, decision);
    await run.publish();

    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof collectionCase>({ ...input, state });
    }
    const delay = state.next ? wallDelayUntil(state.clock, Date.now(), state.next.atMs) : undefined;
    if (delay === undefined || delay > 0) await waitPublishing(run, () => woken, delay);
  }

  await closeCase(run);
  await condition(allHandlersFinished);
  return { caseId: state.caseId, outcome: state.closure!.outcome, view: viewOf(state, Date.now()) };
}

/** Monitor: notice payments that ended the delinquency, settlements paid or lapsed, holds, pauses and promises that came due. */
function monitor(state: CaseState): void {
  const now = Date.now();
  const businessNow = nowOf(state, now);
  moveToStage(state, now, 'monitor', SYSTEM, 'checking days past due, payments, pauses and promises');
  if (state.loan.outstanding === 0) {
    state.closure = { outcome: 'paid', reason: 'the loan is paid in full', actor: SYSTEM, atMs: businessNow };
    return;
  }
  // A settlement paid in full closes the case settled even when the payment also cured the arrears.
  settleOrLapse(state, now);
  if (state.closure) return;
  liftEndedHardshipHolds(state, now);
  // An offered settlement is for the whole balance: payments toward it that clear the arrears do not end the case before it does.
  // An accepted plan ends by its own payments (kept or broken), not by DPD 0 on the way.
  if (dpdOf(state, now) === 0 && !settlementOffered(state) && !planRunning(state)) {
    state.closure = { outcome: 'cured', reason: 'nothing is past due any more', actor: SYSTEM, atMs: businessNow };
    return;
  }
  if (state.paused?.untilMs !== undefined && state.paused.untilMs <= businessNow) {
    record(state, now, 'command', SYSTEM, `pause by ${state.paused.actor} ended at ${new Date(state.paused.untilMs).toISOString()}; resumed`);
    state.paused = undefined;
  }
  for (const promise of state.holds.filter((hold) => hold.kind === 'promise-to-pay')) {
    const paid = promise.paidSince ?? 0;
    if (paid >= (promise.amount ?? 0)) {
      state.promisesKept += 1;
      record(state, now, 'promise-kept', SYSTEM, `promise of ${promise.amount} kept (${paid} paid)`);
    } else if (promise.dueMs! <= businessNow) {
      state.promisesBroken += 1;
      state.escalation = { actor: SYSTEM, reason: `promise of ${promise.amount} broken (${paid} paid by the date)` };
      record(state, now, 'promise-broken', SYSTEM, `${state.escalation.reason}; escalating`);
    } else continue;
    state.holds = state.holds.filter((hold) => hold !== promise);
    state.assessedInBucket = undefined;
  }
}

/** Assess: score the case when it opens, when it changes bucket, and after a promise is kept or broken. */
function assessIfNeeded(state: CaseState, dpd: number): void {
  const bucket = bucketFor(dpd).name;
  if (state.assessment && state.assessedInBucket === bucket) return;
  const now = Date.now();
  const assessment = assessCase(state, now, dpd);
  const reason = `score ${assessment.score} (ability ${assessment.ability}, willingness ${assessment.willingness}) puts the case in ${assessment.segment}`;
  moveToStage(state, now, 'assess', SYSTEM, `assessing in bucket ${bucket}`);
  record(state, now, 'assessed', SYSTEM, reason, { score: assessment.score, segment: assessment.segment, contributions: assessment.contributions });
  state.assessment = assessment;
  state.assessedInBucket = bucket;
}

/** Strategy: what the ladder says now; an escalation runs the next step ahead of its DPD. */
function decide(state: CaseState, dpd: number) {
  const now = Date.now();
  moveToStage(state, now, 'strategy', SYSTEM, `deciding at DPD ${dpd}`);
  const input = {
    strategy: state.strategy,
    variant: state.variant,
    segment: state.assessment!.segment,
    country: state.loan.debtor.country,
    dpd,
    balance: state.loan.outstanding,
    completedSteps: state.completedSteps,
    stepOutcomes: state.stepOutcomes,
    timeBarred: isTimeBarred(state, now),
    courtEligible: !isTimeBarred(state, now),
    paused: state.paused !== undefined,
    holds: holdKinds(state),
    reason: state.overdueReasons?.at(-1)?.code,
  };
  let decision = decideNext(input);
  const escalation = state.escalation;
  const escalating = escalation !== undefined && !decision.due.length && decision.nextWakeAtDpd !== undefined && !input.paused;
  if (escalating) {
    decision = decideNext({ ...input, dpd: decision.nextWakeAtDpd! });
    decision = { ...decision, reason: `escalated by ${escalation.actor} (${escalation.reason}): ${decision.reason}` };
  }
  // An escalation moves the ladder one step: spent once that step runs or is skipped (e.g. silenced by cease contact).
  if (escalation && (escalating || decision.due.length || decision.nextWakeAtDpd === undefined)) state.escalation = undefined;
  record(state, now, 'decision', escalation?.actor ?? SYSTEM, decision.reason, { dpd, nextWakeAtDpd: decision.nextWakeAtDpd });
  for (const skipped of decision.skipped) {
    state.completedSteps.push(skipped.step);
    record(state, now, 'step-skipped', SYSTEM, `step ${skipped.step} (DPD ${skipped.atDpd}) skipped: ${skipped.reason}`);
  }
  return decision;
}

/** Follow-up: the next wake is the nearest of the next DPD threshold, the end of a pause and a promise's date. */
function scheduleNext(state: CaseState, { nextWakeAtDpd, nextSteps }: Pick<ReturnType<typeof decide>, 'nextWakeAtDpd' | 'nextSteps'>): void {
  const candidates: NonNullable<CaseState['next']>[] = [];
  const thresholdAt = nextWakeAtDpd === undefined ? undefined : msUntilDpd(state.loan.installments, nextWakeAtDpd);
  if (thresholdAt !== undefined) {
    const step = nextSteps.join(' or ');
    const on = new Date(thresholdAt).toISOString().slice(0, 10);
    candidates.push({ atMs: thresholdAt, atDpd: nextWakeAtDpd, step, reason: `next step ${step} at DPD ${nextWakeAtDpd}, on ${on}` });
  }
  if (state.paused?.untilMs !== undefined) candidates.push({ atMs: state.paused.untilMs, reason: 'pause ends' });
  for (const hold of state.holds) {
    if (hold.kind === 'promise-to-pay') candidates.push({ atMs: hold.dueMs!, reason: `promise to pay ${hold.amount} comes due` });
  }
  candidates.push(...settlementAndHardshipTimers(state));
  const planPayment = planWake(state, Date.now());
  if (planPayment) candidates.push(planPayment);
  candidates.sort((a, b) => a.atMs - b.atMs);
  state.next = candidates[0];
}

function historyIsLong(input: CaseInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents);
}

async function closeCase(run: CaseRun): Promise<void> {
  const { state } = run;
  await run.exclusively(() => recallAgencyWhenDue(state, run.features));
  const closure = state.closure!;
  moveToStage(state, Date.now(), 'closed', closure.actor, closure.reason);
  record(state, Date.now(), 'closed', closure.actor, `case closed (${closure.outcome}): ${closure.reason}`, { outcome: closure.outcome });
  state.next = undefined;
  await run.publish();
}
