// Collect: a step's actions, each through the compliance guard and its channel,
// falling back to the next channel when one fails for good or is denied, and
// waiting on a durable timer when the guard defers. A pause or a hold that stops
// everything stops a step midway too: nothing more goes out until it lifts.
import { ActivityFailure } from '@temporalio/workflow';
import {
  CONTACT_CHANNELS,
  HOLD_EFFECTS,
  wallDelayUntil,
  type Action,
  type ActionRequest,
  type ActionResult,
  type Channel,
  type DueStep,
  type StepOutcome,
} from '../../domain';
import { actionRequest, channelsFor } from './activities';
import { agencyNameOf, agencyPlaced, recallAgency } from './agency';
import { debtorClockTime, dpdOf, nowOf, record, type CaseState } from './case-state';
import { followDelivery } from './delivery';
import { waitPublishing, type CaseRun } from './publish';

const SYSTEM = 'system';

/** Channels whose action queues a task for an agent, who reports how it went. */
const TASK_CHANNELS: readonly Channel[] = ['phone', 'field-visit'];

export async function runStep(run: CaseRun, step: DueStep): Promise<void> {
  const { state } = run;
  state.waiting = { kind: 'step-under-way', reason: `step ${step.step} under way: ${step.actions.map((action) => action.channel).join(', ')}` };
  try {
    await runActions(run, step);
  } finally {
    state.waiting = undefined;
  }
}

async function runActions(run: CaseRun, step: DueStep): Promise<void> {
  const { state } = run;
  const outcomes: StepOutcome[] = [];
  for (const action of step.actions) {
    const outcome = outreachFrozen(state) ? 'held' : await runAction(run, step.step, action);
    if (state.closure) return;
    if (outcome === 'held') {
      // Nothing reached the debtor yet: the step stays due, for the decision after the release.
      if (outcomes.every((done) => done === 'failed')) {
        record(state, Date.now(), 'action', SYSTEM, `step ${step.step} held before anything went out; it is decided again when the case is released`, { step: step.step });
        return;
      }
      // Part of it went out: the step counts as done, so nothing is sent twice.
      break;
    }
    outcomes.push(outcome);
  }
  const outcome = bestOutcome(outcomes);
  state.completedSteps.push(step.step);
  state.stepOutcomes[step.step] = outcome;
  record(state, Date.now(), 'action', SYSTEM, `step ${step.step} done: ${outcome}`, { step: step.step, outcome });
}

/** Paid in full or nothing past due any more: the monitor closes the case, and nothing more is sent. */
function nothingToCollect(state: CaseState): boolean {
  return state.loan.outstanding === 0 || dpdOf(state, Date.now()) === 0;
}

/** A supervisor's pause, a dispute or a promise to pay: the ladder waits, and so does a step under way. */
function outreachFrozen(state: CaseState): boolean {
  return state.paused !== undefined || state.holds.some((hold) => HOLD_EFFECTS[hold.kind].stops === 'everything');
}

/** The action's outcome, or 'held' when the case froze while the guard had it wait. */
async function runAction(run: CaseRun, step: string, action: Action): Promise<StepOutcome | 'held'> {
  const { state } = run;
  const channels = channelsFor(state.clock);
  const tried: Channel[] = [action.channel, ...(action.fallback ?? [])];
  for (const channel of tried) {
    // A new placement takes the case from the agency that holds it.
    if (channel === 'agency' && state.agency) await run.exclusively(() => recallAgency(state, 'strategy-change', SYSTEM));
    const seq = ++state.actionSeq;
    for (;;) {
      const request = actionRequest(state, seq, step, channel, action);
      let result;
      try {
        result = channel === 'agency' ? await run.exclusively(() => placeWithAgency(run, request, action)) : await channels.performAction(request);
      } catch (error) {
        const why = error instanceof ActivityFailure && error.cause ? error.cause.message : String(error);
        record(state, Date.now(), 'action', SYSTEM, `${channel} for step ${step} failed: ${why}`, { step, channel, seq, status: 'failed' });
        break;
      }
      if (result.status === 'sent') {
        if (CONTACT_CHANNELS.includes(channel)) state.contactAttempts += 1;
        if (result.outcome === 'contacted' || result.outcome === 'promise-to-pay') state.contactsSuccessful += 1;
        record(state, Date.now(), 'action', SYSTEM, `${channel} for step ${step}: ${result.reason}`, {
          step, channel, seq, status: 'sent', outcome: result.outcome, providerRef: result.providerRef,
        });
        if (TASK_CHANNELS.includes(channel) && result.providerRef) {
          (state.openTasks ??= []).push({ taskId: result.providerRef, step, channel, sinceMs: nowOf(state, Date.now()) });
        }
        followDelivery(state, { step, seq, channel, idempotencyKey: request.idempotencyKey, providerRef: result.providerRef });
        return result.outcome;
      }
      if (result.status === 'denied') {
        record(state, Date.now(), 'action', `guard:${result.rule}`, `${channel} for step ${step} denied: ${result.reason}`, { step, channel, seq, status: 'denied', rule: result.rule });
        break;
      }
      record(state, Date.now(), 'action', `guard:${result.rule}`, `${channel} for step ${step} deferred to ${new Date(result.untilMs).toISOString()}: ${result.reason}`, {
        step, channel, seq, status: 'deferred', rule: result.rule, until: result.untilMs,
      });
      const underWay = state.waiting;
      state.waiting = {
        kind: 'contact-deferred',
        reason: `${channel} for step ${step} deferred by ${result.rule} until ${debtorClockTime(state, result.untilMs, nowOf(state, Date.now()))}`,
        until: new Date(result.untilMs).toISOString(),
      };
      if (run.features.publishBeforeEveryWait) await run.publish();
      const delay = Math.max(1, wallDelayUntil(state.clock, Date.now(), result.untilMs));
      const paidUp = () => run.features.deferralEndsOnPayment && nothingToCollect(state);
      await waitPublishing(run, () => state.closure !== undefined || outreachFrozen(state) || paidUp(), delay);
      state.waiting = underWay;
      if (state.closure) return 'failed';
      if (outreachFrozen(state) || paidUp()) return 'held';
    }
  }
  return 'failed';
}

/**
 * The strategy's placement, under the agency lock: a supervisor's placement made
 * while this step waited is recalled first, and the case is with the new agency
 * before the lock is let go.
 */
async function placeWithAgency(run: CaseRun, request: ActionRequest, action: Action): Promise<ActionResult> {
  const { state } = run;
  if (run.features.agencyWorkExclusive && state.agency) await recallAgency(state, 'strategy-change', SYSTEM);
  const result = await channelsFor(state.clock).performAction(request);
  if (result.status === 'sent') agencyPlaced(state, agencyNameOf(action), result.providerRef!);
  return result;
}

const OUTCOME_RANK: StepOutcome[] = ['failed', 'no-contact', 'delivered', 'refused', 'contacted', 'promise-to-pay'];

export function bestOutcome(outcomes: StepOutcome[]): StepOutcome {
  return outcomes.reduce((best, outcome) => (OUTCOME_RANK.indexOf(outcome) > OUTCOME_RANK.indexOf(best) ? outcome : best), 'failed');
}
