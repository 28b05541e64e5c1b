// The collection case: one workflow per overdue loan, from the first missed
// payment until the loan is paid, cured, or a person closes the case. Each turn
// of the loop walks monitor → assess → strategy → collect → follow-up, and the
// follow-up waits on a durable timer for the next DPD threshold or an event.
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  bucketFor,
  decideNext,
  idempotencyKeyFor,
  msUntilDpd,
  wallDelayUntil,
  type Action,
  type Channel,
  type DueStep,
  type StepOutcome,
} from '../../domain';
import type { CaseActivities } from '../../activities/case-activities';
import * as attributes from '../search-attributes';
import type { CaseOutcome, CaseView } from './case-view';
import {
  assessCase,
  classificationOf,
  dpdOf,
  holdKinds,
  isTimeBarred,
  moveToStage,
  newCaseState,
  nowOf,
  record,
  viewOf,
  type CaseInput,
  type CaseState,
} from './case-state';
import { installCaseHandlers } from './commands';

/** Outbound channels: provider calls retry on timeouts and 5xx; a 4xx fails at once and the fallback is used. */
const channels = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/** Audit trail and read model writes: idempotent, retried until they land. */
const records = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const SYSTEM = 'system';

export interface CaseResult {
  caseId: string;
  outcome: CaseOutcome;
  view: CaseView;
}

export async function collectionCase(input: CaseInput): Promise<CaseResult> {
  const state = input.state ?? newCaseState(input, Date.now());
  let woken = false;
  installCaseHandlers({ state, now: () => Date.now(), wake: () => (woken = true) });
  const published = new Map<string, unknown>();

  while (!state.closure) {
    woken = false;
    monitor(state);
    if (state.closure) break;
    const dpd = dpdOf(state, Date.now());
    assessIfNeeded(state, dpd);
    const decision = decide(state, dpd);
    if (decision.due.length) {
      moveToStage(state, Date.now(), 'collect', SYSTEM, decision.reason);
      for (const step of decision.due) await runStep(state, step);
      if (state.closure) break;
      continue;
    }
    moveToStage(state, Date.now(), 'follow-up', SYSTEM, decision.reason);
    scheduleNext(state, decision.nextWakeAtDpd);
    await publish(state, published);

    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof collectionCase>({ ...input, state });
    }
    const delay = state.next ? wallDelayUntil(state.clock, Date.now(), state.next.atMs) : undefined;
    if (delay === undefined) await condition(() => woken);
    else if (delay > 0) await condition(() => woken, delay);
  }

  await closeCase(state, published);
  await condition(allHandlersFinished);
  return { caseId: state.caseId, outcome: state.closure!.outcome, view: viewOf(state, Date.now()) };
}

/** Monitor: notice payments that ended the delinquency, lapsed pauses and promises that came due. */
function monitor(state: CaseState): void {
  const now = Date.now();
  const businessNow = nowOf(state, now);
  moveToStage(state, now, 'monitor', SYSTEM, 'checking days past due, payments, pauses and promises');
  if (state.loan.outstanding === 0) {
    state.closure = { outcome: 'paid', reason: 'the loan is paid in full', actor: SYSTEM, atMs: businessNow };
    return;
  }
  if (dpdOf(state, now) === 0) {
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
    dpd,
    balance: state.loan.outstanding,
    completedSteps: state.completedSteps,
    stepOutcomes: state.stepOutcomes,
    timeBarred: isTimeBarred(state, now),
    courtEligible: !isTimeBarred(state, now),
    paused: state.paused !== undefined,
    holds: holdKinds(state),
  };
  let decision = decideNext(input);
  const escalation = state.escalation;
  if (escalation && !decision.due.length && decision.nextWakeAtDpd !== undefined && !input.paused) {
    decision = decideNext({ ...input, dpd: decision.nextWakeAtDpd });
    decision = { ...decision, reason: `escalated by ${escalation.actor} (${escalation.reason}): ${decision.reason}` };
  }
  if (escalation && (decision.due.length || decision.nextWakeAtDpd === undefined)) state.escalation = undefined;
  record(state, now, 'decision', escalation?.actor ?? SYSTEM, decision.reason, { dpd, nextWakeAtDpd: decision.nextWakeAtDpd });
  for (const skipped of decision.skipped) {
    state.completedSteps.push(skipped.step);
    record(state, now, 'step-skipped', SYSTEM, `step ${skipped.step} (DPD ${skipped.atDpd}) skipped: ${skipped.reason}`);
  }
  return decision;
}

/** Collect: each action through its channel, falling back on a channel that fails or is denied. */
async function runStep(state: CaseState, step: DueStep): Promise<void> {
  const outcomes: StepOutcome[] = [];
  for (const action of step.actions) {
    const outcome = await runAction(state, step.step, action);
    if (state.closure) return;
    outcomes.push(outcome);
  }
  const outcome = bestOutcome(outcomes);
  state.completedSteps.push(step.step);
  state.stepOutcomes[step.step] = outcome;
  record(state, Date.now(), 'action', SYSTEM, `step ${step.step} done: ${outcome}`, { step: step.step, outcome });
}

async function runAction(state: CaseState, step: string, action: Action): Promise<StepOutcome> {
  const tried: Channel[] = [action.channel, ...(action.fallback ?? [])];
  for (const channel of tried) {
    const seq = ++state.actionSeq;
    for (;;) {
      const now = Date.now();
      const request = {
        caseId: state.caseId,
        loanId: state.loan.loanId,
        seq,
        idempotencyKey: idempotencyKeyFor(state.caseId, seq),
        step,
        channel,
        template: action.template,
        parameters: action.parameters,
        debtor: state.loan.debtor,
        balance: state.loan.outstanding,
        currency: state.loan.currency,
        daysPastDue: dpdOf(state, now),
        atMs: nowOf(state, now),
        timeBarred: isTimeBarred(state, now),
        disputed: holdKinds(state).includes('dispute'),
        ceaseContact: holdKinds(state).includes('cease-contact'),
      };
      let result;
      try {
        result = await channels.performAction(request);
      } catch (error) {
        const why = error instanceof ActivityFailure && error.cause ? error.cause.message : String(error);
        record(state, Date.now(), 'action', SYSTEM, `${channel} for step ${step} failed: ${why}`, { step, channel, seq, status: 'failed' });
        break;
      }
      state.contactAttempts += 1;
      if (result.status === 'sent') {
        if (result.outcome === 'contacted' || result.outcome === 'promise-to-pay') state.contactsSuccessful += 1;
        record(state, Date.now(), 'action', SYSTEM, `${channel} for step ${step}: ${result.reason}`, { step, channel, seq, status: 'sent', outcome: result.outcome });
        return result.outcome;
      }
      if (result.status === 'denied') {
        record(state, Date.now(), 'action', `guard:${result.rule}`, `${channel} for step ${step} denied: ${result.reason}`, { step, channel, seq, status: 'denied', rule: result.rule });
        break;
      }
      record(state, Date.now(), 'action', `guard:${result.rule}`, `${channel} for step ${step} deferred to ${new Date(result.untilMs).toISOString()}: ${result.reason}`, {
        step, channel, seq, status: 'deferred', rule: result.rule, until: result.untilMs,
      });
      await condition(() => state.closure !== undefined, Math.max(1, wallDelayUntil(state.clock, Date.now(), result.untilMs)));
      if (state.closure) return 'failed';
    }
  }
  return 'failed';
}

const OUTCOME_RANK: StepOutcome[] = ['failed', 'no-contact', 'delivered', 'refused', 'contacted', 'promise-to-pay'];

function bestOutcome(outcomes: StepOutcome[]): StepOutcome {
  return outcomes.reduce((best, outcome) => (OUTCOME_RANK.indexOf(outcome) > OUTCOME_RANK.indexOf(best) ? outcome : best), 'failed');
}

/** Follow-up: the next wake is the nearest of the next DPD threshold, the end of a pause and a promise's date. */
function scheduleNext(state: CaseState, nextWakeAtDpd: number | undefined): void {
  const candidates: { atMs: number; atDpd?: number; reason: string }[] = [];
  const thresholdAt = nextWakeAtDpd === undefined ? undefined : msUntilDpd(state.loan.installments, nextWakeAtDpd);
  if (thresholdAt !== undefined) candidates.push({ atMs: thresholdAt, atDpd: nextWakeAtDpd, reason: `next ladder step at DPD ${nextWakeAtDpd}` });
  if (state.paused?.untilMs !== undefined) candidates.push({ atMs: state.paused.untilMs, reason: 'pause ends' });
  for (const hold of state.holds) {
    if (hold.kind === 'promise-to-pay') candidates.push({ atMs: hold.dueMs!, reason: `promise to pay ${hold.amount} comes due` });
  }
  candidates.sort((a, b) => a.atMs - b.atMs);
  state.next = candidates[0];
}

function historyIsLong(input: CaseInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents);
}

/** Writes the audit backlog and the read model, and updates the search attributes that changed. */
async function publish(state: CaseState, published: Map<string, unknown>): Promise<void> {
  const view = viewOf(state, Date.now());
  const events = state.unrecorded.splice(0);
  await records.recordCaseProgress({ caseId: state.caseId, loanId: state.loan.loanId, events, view });
  const dpd = view.daysPastDue;
  const wanted: SearchAttributeUpdatePair[] = [
    { key: attributes.caseStage, value: view.stage },
    { key: attributes.caseBucket, value: view.bucket },
    { key: attributes.caseClassification, value: classificationOf(state, dpd).name },
    { key: attributes.caseSegment, value: view.segment ?? 'unassessed' },
    { key: attributes.casePaused, value: view.paused !== null },
    { key: attributes.caseStrategyVersion, value: `${view.strategy.id}@${view.strategy.version}` },
    { key: attributes.caseAgency, value: view.agency?.name ?? null },
    { key: attributes.caseOutstanding, value: view.balance },
    { key: attributes.caseDaysPastDue, value: dpd },
  ];
  const changed = wanted.filter((pair) => published.get(pair.key.name) !== pair.value);
  if (!changed.length) return;
  upsertSearchAttributes(changed);
  for (const pair of changed) published.set(pair.key.name, pair.value);
}

async function closeCase(state: CaseState, published: Map<string, unknown>): Promise<void> {
  const closure = state.closure!;
  moveToStage(state, Date.now(), 'closed', closure.actor, closure.reason);
  record(state, Date.now(), 'closed', closure.actor, `case closed (${closure.outcome}): ${closure.reason}`, { outcome: closure.outcome });
  state.next = undefined;
  await publish(state, published);
}
