// Changes to the case workflow that make a case schedule other commands than its
// recorded history holds. Each is behind a patch id: a history recorded before
// the change replays on the old path; a case that starts, or continues as new,
// after it takes the new one. The flags are read once, when a run starts, so a
// running case keeps one behaviour for the whole run. The rule for when a change
// needs a patch is in docs/workflow-versioning.md.
import { patched } from '@temporalio/workflow';
import { assignVariant, assignVariantFnv1a, type Strategy } from '../../domain';

export interface CaseFeatures {
  /** Champion/challenger by a well-mixed hash salted with the strategy's id and version. */
  mixedVariantHash: boolean;
  /** The read model and audit trail are written before every wait, and whenever something is recorded during one. */
  publishBeforeEveryWait: boolean;
  /** A contact the guard deferred is dropped when a payment ends the delinquency while it waits. */
  deferralEndsOnPayment: boolean;
  /** Agency placements and recalls, by the strategy or a supervisor, run one at a time under the case's agency lock. */
  agencyWorkExclusive: boolean;
  /** Every publish also sets ArrearsPublishedAt, so lists learn from visibility which rows changed. */
  publishedAtAttribute: boolean;
  /** Overdue reasons: a supervisor's record-reason command, and an agent's reason from a task outcome, are recorded on the case. */
  overdueReasons: boolean;
  /** Settlements (offer, four-eyes approval, reject; paid by the date closes settled) and hardship holds with an end date. */
  settlementsAndHardship: boolean;
  /** Repayment plans: propose-plan, accept-plan and cancel-plan are taken; an active plan's payments are watched on timers, and a kept plan re-ages or cures the loan. */
  repaymentPlans: boolean;
  /** What an overdue reason does at once (the strategy's onReason: a hold, a team's task), from any source; the resolve-review command; debtors' replies. */
  reasonEffects: boolean;
  /** An agent's dispute report puts the dispute hold in the same signal that reports the call, not in a second command that a crash could lose. */
  agentDisputeHold: boolean;
}

export const PATCHES = {
  mixedVariantHash: 'variant-hash-mixed',
  publishBeforeEveryWait: 'publish-before-every-wait',
  deferralEndsOnPayment: 'deferral-ends-on-payment',
  agencyWorkExclusive: 'agency-work-exclusive',
  publishedAtAttribute: 'published-at-attribute',
  overdueReasons: 'overdue-reasons',
  settlementsAndHardship: 'settlements-and-hardship',
  repaymentPlans: 'repayment-plans',
  reasonEffects: 'reason-effects',
  agentDisputeHold: 'agent-dispute-hold',
} as const satisfies Record<keyof CaseFeatures, string>;

export function caseFeatures(): CaseFeatures {
  return {
    mixedVariantHash: patched(PATCHES.mixedVariantHash),
    publishBeforeEveryWait: patched(PATCHES.publishBeforeEveryWait),
    deferralEndsOnPayment: patched(PATCHES.deferralEndsOnPayment),
    agencyWorkExclusive: patched(PATCHES.agencyWorkExclusive),
    publishedAtAttribute: patched(PATCHES.publishedAtAttribute),
    overdueReasons: patched(PATCHES.overdueReasons),
    settlementsAndHardship: patched(PATCHES.settlementsAndHardship),
    repaymentPlans: patched(PATCHES.repaymentPlans),
    reasonEffects: patched(PATCHES.reasonEffects),
    agentDisputeHold: patched(PATCHES.agentDisputeHold),
  };
}

/** The loan's arm of the strategy's experiment, by the hash the run was started with. */
export function variantFor(features: CaseFeatures, strategy: Strategy, loanId: string): string {
  return features.mixedVariantHash ? assignVariant(strategy, loanId) : assignVariantFnv1a(strategy, loanId);
}
