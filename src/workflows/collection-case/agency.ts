// The agency lifecycle. A placement, by the strategy or a supervisor, puts the
// case with an agency; the case takes it back when it closes (paid, cured,
// closed), when a dispute or cease-contact hold stops collection, and when a
// supervisor or a new placement asks. Recalls go through an activity with an
// idempotency key from the case's action sequence, like every outbound action.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { idempotencyKeyFor, placementRefFor, type Action } from '../../domain';
import type { AgencyRecall } from '../../activities/channels';
import { actionRequest, channelsFor } from './activities';
import { holdKinds, nowOf, record, type CaseState } from './case-state';
import type { CaseOutcome } from '../../domain';
import type { CaseFeatures } from './versions';

type RecallReason = AgencyRecall['reason'];

const RECALL_ON_CLOSURE: Record<CaseOutcome, RecallReason> = {
  paid: 'paid',
  cured: 'settled',
  closed: 'case-closed',
  'dispute-resolved-for-debtor': 'disputed',
  'written-off': 'case-closed',
  deceased: 'case-closed',
  fraud: 'case-closed',
  sold: 'case-closed',
  settled: 'settled',
  'cured-by-arrangement': 'settled',
};

/** The agency a strategy action names, or the placement tier (primary, secondary) it asks for. */
export function agencyNameOf(action: Pick<Action, 'parameters'>): string {
  const { agency, placement } = action.parameters ?? {};
  return String(agency ?? placement ?? 'agency');
}

export function agencyPlaced(state: CaseState, name: string, placementRef: string): void {
  state.agency = { name, placedAtMs: nowOf(state, Date.now()), placementRef };
}

const failureOf = (error: unknown) => (error instanceof ActivityFailure && error.cause ? error.cause.message : String(error));

/** Takes the case back from its agency, if it has one. */
export async function recallAgency(state: CaseState, reason: RecallReason, actor: string): Promise<void> {
  const agency = state.agency;
  if (!agency) return;
  // Cleared before the call, so a second recall or placement does not race this one.
  state.agency = undefined;
  const seq = ++state.actionSeq;
  const data = { channel: 'agency', seq, placementRef: agency.placementRef, reason };
  try {
    await channelsFor(state.clock).recallFromAgency({
      caseId: state.caseId,
      loanId: state.loan.loanId,
      debtorRef: state.loan.debtor.debtorRef,
      seq,
      idempotencyKey: idempotencyKeyFor(state.caseId, seq),
      placementRef: agency.placementRef,
      reason,
      atMs: nowOf(state, Date.now()),
    });
    record(state, Date.now(), 'action', actor, `recalled from agency ${agency.name} (${reason})`, { ...data, status: 'recalled' });
  } catch (error) {
    record(state, Date.now(), 'action', actor, `recall from agency ${agency.name} (${reason}) failed: ${failureOf(error)}; follow up with the agency`, {
      ...data,
      status: 'failed',
    });
  }
}

/**
 * The recall a closure or a dispute or cease-contact hold calls for, done before the case closes or waits; on a run
 * with reason effects, a deceased or fraud-review hold too: nobody, the agency included, contacts the debtor then.
 */
export async function recallAgencyWhenDue(state: CaseState, features: Pick<CaseFeatures, 'reasonEffects'>): Promise<void> {
  if (!state.agency) return;
  const holds = holdKinds(state);
  const reason = state.closure
    ? RECALL_ON_CLOSURE[state.closure.outcome]
    : holds.includes('dispute')
      ? 'disputed'
      : holds.includes('cease-contact')
        ? 'cease-communication'
        : features.reasonEffects && (holds.includes('deceased') || holds.includes('fraud-review'))
          ? 'cease-communication'
          : undefined;
  if (reason) await recallAgency(state, reason, 'system');
}

/** A supervisor's placement: the same guarded, exactly-once action as a strategy's, failing the command when it cannot go. */
export async function placeBySupervisor(state: CaseState, agency: string, actor: string): Promise<void> {
  const seq = ++state.actionSeq;
  // Claimed before the call, so a second assignment is refused while this one runs.
  agencyPlaced(state, agency, placementRefFor(state.caseId, seq));
  const data = { step: 'supervisor-assignment', channel: 'agency', seq };
  let result;
  try {
    result = await channelsFor(state.clock).performAction(actionRequest(state, seq, 'supervisor-assignment', 'agency', { parameters: { agency } }));
  } catch (error) {
    state.agency = undefined;
    record(state, Date.now(), 'action', actor, `placement with agency ${agency} failed: ${failureOf(error)}`, { ...data, status: 'failed' });
    throw ApplicationFailure.create({ type: 'AGENCY_PLACEMENT_FAILED', message: `the agency did not take the case: ${failureOf(error)}`, nonRetryable: true });
  }
  if (result.status !== 'sent') {
    state.agency = undefined;
    record(state, Date.now(), 'action', `guard:${result.rule}`, `placement with agency ${agency} ${result.status}: ${result.reason}`, { ...data, status: result.status, rule: result.rule });
    throw ApplicationFailure.create({ type: 'AGENCY_PLACEMENT_REFUSED', message: `placement ${result.status} by ${result.rule}: ${result.reason}`, nonRetryable: true });
  }
  record(state, Date.now(), 'action', actor, `agency ${agency}: ${result.reason}`, { ...data, status: 'sent', providerRef: result.providerRef });
}
