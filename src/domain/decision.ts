// The decision at the heart of a case: given where the case is, which step of its
// ladder runs now, which steps it will never run, and at which DPD to look again.
// Pure and deterministic, so a replay reaches the same decision with the same reason.
import { CONTACT_CHANNELS, HOLD_EFFECTS, type HoldKind } from './holds';
import type { Segment } from './scorecard';
import type { Action, Channel, Condition, Step, StepOutcome, Strategy } from './strategy-schema';

export interface DecisionInput {
  strategy: Strategy;
  /** The variant name recorded on the case (see assignVariant). */
  variant: string;
  segment: Segment;
  /** The debtor's country, ISO 3166-1 alpha-2, read by country conditions. */
  country: string;
  dpd: number;
  /** Outstanding balance in minor units. */
  balance: number;
  completedSteps: readonly string[];
  stepOutcomes: Readonly<Record<string, StepOutcome>>;
  timeBarred: boolean;
  courtEligible: boolean;
  /** A supervisor pause: outreach freezes, DPD keeps counting. */
  paused: boolean;
  holds: readonly HoldKind[];
  /** The case's latest overdue reason code, read by reason conditions; undefined when none was recorded. */
  reason?: string;
}

export interface DueStep {
  step: string;
  atDpd: number;
  /** The step's actions, less any channel a hold forbids. */
  actions: Action[];
  reason: string;
}

/** A step the case will not run; the workflow marks it done so it is never due later. */
export interface SkippedStep {
  step: string;
  atDpd: number;
  reason: string;
}

export interface Decision {
  /** At most one step: the one for where the case is now. */
  due: DueStep[];
  skipped: SkippedStep[];
  /** Smallest atDpd above the current DPD among steps not completed; undefined when the ladder is finished. */
  nextWakeAtDpd: number | undefined;
  /** The steps at nextWakeAtDpd (alternatives, when several share it), in ladder order. */
  nextSteps: string[];
  reason: string;
}

/**
 * A step is due when the case has reached its atDpd and it is not completed. When
 * several are reached at once (a resume, a case opened late), only the latest DPD
 * level counts: the case does the treatment for where it is now, and the earlier
 * steps are skipped as superseded. Steps sharing that atDpd are alternatives: the
 * first whose conditions hold is due, the rest are skipped. A pause or a hold that
 * stops everything makes nothing due and skips nothing, so the decision after the
 * release still finds the step for the DPD reached by then. A step whose country
 * condition excludes the debtor is not on the case's ladder at all, unless it is
 * already completed (the loan system may change the debtor's country): it is never
 * due, never skipped and never woken for, so a country-specific step leaves every
 * other country's cases and audit trails as they were.
 */
export function decideNext(input: DecisionInput): Decision {
  const { strategy, variant, segment, dpd } = input;
  if (!Number.isInteger(dpd) || dpd < 0) throw new RangeError(`DPD must be a whole number of days >= 0, got ${dpd}`);
  const completed = new Set(input.completedSteps);
  const ladder = ladderFor(strategy, variant, segment).filter((step) => completed.has(step.id) || isForCountry(step, input));

  const upcoming = ladder.filter((step) => step.atDpd > dpd && !completed.has(step.id));
  const nextWakeAtDpd = upcoming.length ? Math.min(...upcoming.map((step) => step.atDpd)) : undefined;
  const nextSteps = upcoming.filter((step) => step.atDpd === nextWakeAtDpd).map((step) => step.id);
  const where = `DPD ${dpd} (${segment}, strategy ${strategy.id} v${strategy.version} ${variant})`;
  const next = nextWakeAtDpd === undefined ? 'no further steps' : `next step at DPD ${nextWakeAtDpd}`;
  const decision = (due: DueStep[], skipped: SkippedStep[], what: string): Decision => ({
    due,
    skipped,
    nextWakeAtDpd,
    nextSteps,
    reason: `${where}: ${what}; ${next}`,
  });

  const freezes = [
    ...(input.paused ? ['paused by a supervisor'] : []),
    ...input.holds
      .filter((hold) => HOLD_EFFECTS[hold].stops === 'everything')
      .map((hold) => `${hold} hold, ${HOLD_EFFECTS[hold].why}`),
  ];
  if (freezes.length) {
    return decision([], [], `outreach frozen (${freezes.join('; ')}), nothing is due until it is lifted`);
  }

  const reached = ladder.filter((step) => step.atDpd <= dpd);
  if (!reached.length) return decision([], [], 'no step reached yet');

  // The schema keeps ladders in ascending atDpd, so the last reached step is the latest level.
  const level = reached[reached.length - 1].atDpd;
  const alternatives = reached.filter((step) => step.atDpd === level);
  const { done, chosen, skipped } = chooseAlternative(alternatives, completed, input);

  // Listed before this level's skips, so the audit trail reads in ladder order.
  const current = done ?? chosen ?? alternatives[0];
  const superseded = reached.filter((step) => step.atDpd < level && !completed.has(step.id));
  skipped.unshift(
    ...superseded.map((step) => ({
      step: step.id,
      atDpd: step.atDpd,
      reason: `superseded by step ${current.id} at DPD ${level}`,
    })),
  );

  const due: DueStep[] = [];
  let what: string;
  if (done) {
    what = `step ${done.id} for DPD ${level} is already done`;
  } else if (!chosen) {
    what = `no step for DPD ${level} applies`;
  } else {
    const { actions, silenced } = withoutSilencedChannels(chosen.actions, input.holds);
    if (actions.length) {
      const met = (chosen.conditions ?? []).map((c) => checkCondition(c, input).text);
      const because = met.length ? ` because ${met.join(', ')}` : '';
      const less = silenced.length ? `, without ${silenced.join(', ')} (${silencingHolds(input.holds)})` : '';
      const reason = `step ${chosen.id} for DPD ${level} is due${because}: ${actions.map((a) => a.channel).join(', ')}${less}`;
      due.push({ step: chosen.id, atDpd: level, actions, reason });
      what = reason;
    } else {
      skipped.push({ step: chosen.id, atDpd: level, reason: `every channel is silenced (${silencingHolds(input.holds)})` });
      what = `step ${chosen.id} for DPD ${level} is skipped, every channel is silenced`;
    }
  }
  if (superseded.length) what += `; ${superseded.length} earlier step(s) superseded`;
  return decision(due, skipped, what);
}

/** Among the steps sharing the latest reached atDpd: the one already done, or the first whose conditions hold. */
function chooseAlternative(alternatives: readonly Step[], completed: ReadonlySet<string>, input: DecisionInput) {
  const skipped: SkippedStep[] = [];
  const skip = (step: Step, reason: string) => skipped.push({ step: step.id, atDpd: step.atDpd, reason });
  const done = alternatives.find((step) => completed.has(step.id));
  let chosen: Step | undefined;
  for (const step of alternatives) {
    if (completed.has(step.id)) continue;
    const taken = done ?? chosen;
    if (taken) {
      skip(step, `alternative to ${taken.id}, which ${taken === done ? 'is done' : 'was chosen'}`);
      continue;
    }
    const failed = (step.conditions ?? []).map((c) => checkCondition(c, input)).filter((check) => !check.holds);
    if (failed.length) skip(step, failed.map((check) => check.text).join('; '));
    else chosen = step;
  }
  return { done, chosen, skipped };
}

function isForCountry(step: Step, input: DecisionInput): boolean {
  return (step.conditions ?? []).every((condition) => !('country' in condition) || checkCondition(condition, input).holds);
}

function ladderFor(strategy: Strategy, variantName: string, segment: Segment): Step[] {
  const variant = strategy.variants.find((candidate) => candidate.name === variantName);
  if (!variant) {
    throw new RangeError(`strategy ${strategy.id} v${strategy.version} has no variant ${variantName}`);
  }
  return variant.segments[segment].ladder;
}

/** Whether a condition holds, with a sentence that says so either way for the audit trail. */
function checkCondition(condition: Condition, input: DecisionInput): { holds: boolean; text: string } {
  const { balance } = input;
  if ('balanceAtLeast' in condition) {
    const holds = balance >= condition.balanceAtLeast;
    return { holds, text: `balance ${balance} ${holds ? 'at least' : 'below'} ${condition.balanceAtLeast}` };
  }
  if ('balanceBelow' in condition) {
    const holds = balance < condition.balanceBelow;
    return { holds, text: `balance ${balance} ${holds ? 'below' : 'not below'} ${condition.balanceBelow}` };
  }
  if ('segment' in condition) {
    const holds = condition.segment.includes(input.segment);
    return { holds, text: `segment ${input.segment} ${holds ? 'in' : 'not in'} [${condition.segment.join(', ')}]` };
  }
  if ('stepOutcome' in condition) {
    const { step, outcome } = condition.stepOutcome;
    const actual = input.stepOutcomes[step];
    if (actual === outcome) return { holds: true, text: `step ${step} ended ${outcome}` };
    return { holds: false, text: `step ${step} ${actual ? `ended ${actual}` : 'has no outcome'}, not ${outcome}` };
  }
  if ('notTimeBarred' in condition) {
    return { holds: !input.timeBarred, text: input.timeBarred ? 'debt is time-barred' : 'debt is not time-barred' };
  }
  if ('country' in condition) {
    const holds = condition.country.includes(input.country);
    return { holds, text: `debtor country ${input.country} ${holds ? 'in' : 'not in'} [${condition.country.join(', ')}]` };
  }
  if ('notRun' in condition) {
    const ran = condition.notRun.filter((step) => input.stepOutcomes[step] !== undefined);
    return ran.length ? { holds: false, text: `step ${ran.join(', ')} already ran` } : { holds: true, text: `no step of [${condition.notRun.join(', ')}] ran yet` };
  }
  if ('reason' in condition) {
    const holds = input.reason !== undefined && (condition.reason as readonly string[]).includes(input.reason);
    const actual = input.reason === undefined ? 'no overdue reason recorded' : `overdue reason ${input.reason}`;
    return { holds, text: `${actual} ${holds ? 'in' : 'not in'} [${condition.reason.join(', ')}]` };
  }
  return { holds: input.courtEligible, text: input.courtEligible ? 'eligible for court' : 'not eligible for court' };
}

function silencingHolds(holds: readonly HoldKind[]): string {
  return holds
    .filter((hold) => HOLD_EFFECTS[hold].stops === 'contact')
    .map((hold) => `${hold} hold, ${HOLD_EFFECTS[hold].why}`)
    .join('; ');
}

/** Drops contact channels, fallbacks included, while a hold forbids contact. */
function withoutSilencedChannels(actions: readonly Action[], holds: readonly HoldKind[]) {
  const silenced: Channel[] = [];
  if (!holds.some((hold) => HOLD_EFFECTS[hold].stops === 'contact')) return { actions: [...actions], silenced };
  const allowed = (channel: Channel) => !CONTACT_CHANNELS.includes(channel);
  const kept = actions.flatMap((action): Action[] => {
    if (allowed(action.channel)) {
      return [action.fallback ? { ...action, fallback: action.fallback.filter(allowed) } : action];
    }
    silenced.push(action.channel);
    return [];
  });
  return { actions: kept, silenced };
}
