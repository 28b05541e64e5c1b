// Settlements (减免 / 和解) and hardship holds on a running case. An offer at a
// discount above the policy's threshold waits for a second person's approval while
// the ladder goes on; an offered settlement holds the case in `arrangement` until
// its date. Paid in full by then, the case closes `settled` and the rest of the
// balance is written off; unpaid, the offer lapses and the ladder resumes at the
// DPD reached. A hardship hold stops contact and the ladder until its end date.
import { DEFAULT_SETTLEMENT_POLICY, OPEN_SETTLEMENT_STATUSES, type SettlementPolicy } from '../../domain';
import { nowOf, record, type CaseState, type Hold, type SettlementState } from './case-state';

const SYSTEM = 'system';

/** The policy of the strategy the case is pinned to, or the default. */
export function settlementPolicyOf(state: CaseState): SettlementPolicy {
  return state.strategy.settlements ?? DEFAULT_SETTLEMENT_POLICY;
}

/** The settlement offer still open (pending approval or offered), if any. */
export function openSettlement(state: CaseState): SettlementState | undefined {
  return state.settlement && OPEN_SETTLEMENT_STATUSES.includes(state.settlement.status) ? state.settlement : undefined;
}

/** Whether a settlement is offered to the debtor now (approved, or needing no approval) and not yet paid or lapsed. */
export const settlementOffered = (state: CaseState): boolean => state.settlement?.status === 'offered';

export const hardshipHoldOf = (state: CaseState): Hold | undefined => state.holds.find((hold) => hold.kind === 'hardship');

const withoutSettlementHold = (state: CaseState) => (state.holds = state.holds.filter((hold) => hold.kind !== 'settlement'));

/** Offered to the debtor: the settlement hold keeps the ladder waiting until the end of its date. */
function holdForSettlement(state: CaseState, settlement: SettlementState, businessNowMs: number): void {
  settlement.status = 'offered';
  state.holds.push({
    kind: 'settlement',
    reason: `settlement of ${settlement.amount} by ${settlement.by}`,
    actor: settlement.approver ?? settlement.proposer,
    sinceMs: businessNowMs,
    amount: settlement.amount,
    dueMs: settlement.dueMs,
  });
}

/** A supervisor's offer, already checked against the policy: offered at once, or pending a second person's approval. */
export function proposeSettlement(
  state: CaseState,
  wallNowMs: number,
  offer: Omit<SettlementState, 'status' | 'paidSince' | 'proposedAtMs' | 'balance' | 'approver' | 'writtenOff'>,
): void {
  const businessNowMs = nowOf(state, wallNowMs);
  const settlement: SettlementState = { ...offer, status: 'pending-approval', balance: state.loan.outstanding, paidSince: 0, proposedAtMs: businessNowMs };
  state.settlement = settlement;
  if (!settlement.needsApproval) holdForSettlement(state, settlement, businessNowMs);
  const terms = `settlement of ${offer.amount} ${state.loan.currency} (${offer.discountPercent}% off the balance ${settlement.balance}) by ${offer.by}`;
  const what = settlement.needsApproval
    ? `${terms} proposed; the discount is above the policy's ${settlementPolicyOf(state).approvalAbovePercent}%, so a second person must approve it, and the ladder goes on meanwhile`
    : `${terms} offered; the ladder waits for its date`;
  record(state, wallNowMs, 'settlement-offered', offer.proposer, `${what}${offer.reason ? `: ${offer.reason}` : ''}`, {
    status: settlement.status,
    amount: offer.amount,
    balance: settlement.balance,
    discountPercent: offer.discountPercent,
    by: offer.by,
    needsApproval: offer.needsApproval,
  });
}

export function approveSettlement(state: CaseState, wallNowMs: number, approver: string, reason?: string): void {
  const settlement = openSettlement(state)!;
  settlement.approver = approver;
  holdForSettlement(state, settlement, nowOf(state, wallNowMs));
  record(state, wallNowMs, 'settlement-approved', approver, `settlement of ${settlement.amount} by ${settlement.by} proposed by ${settlement.proposer} approved and offered${reason ? `: ${reason}` : ''}`, {
    proposer: settlement.proposer,
  });
}

export function rejectSettlement(state: CaseState, wallNowMs: number, actor: string, reason: string): void {
  const settlement = openSettlement(state)!;
  const was = settlement.status;
  settlement.status = 'rejected';
  withoutSettlementHold(state);
  record(state, wallNowMs, 'settlement-rejected', actor, `settlement of ${settlement.amount} by ${settlement.by} rejected (${was}): ${reason}; the ladder goes on`, { was });
}

/** A payment received while an offer is open counts toward it. */
export function countTowardSettlement(state: CaseState, amount: number): void {
  const settlement = openSettlement(state);
  if (settlement) settlement.paidSince += amount;
}

/**
 * Monitor: an offered settlement paid in full closes the case `settled`, the rest
 * written off; an open offer whose date has passed lapses, and the case is assessed
 * again so the ladder resumes where the DPD now is.
 */
export function settleOrLapse(state: CaseState, wallNowMs: number): void {
  const settlement = openSettlement(state);
  if (!settlement) return;
  const businessNowMs = nowOf(state, wallNowMs);
  if (settlement.status === 'offered' && settlement.paidSince >= settlement.amount) {
    const writtenOff = state.loan.outstanding;
    settlement.status = 'paid';
    settlement.writtenOff = writtenOff;
    withoutSettlementHold(state);
    const reason = `settlement of ${settlement.amount} ${state.loan.currency} paid by ${settlement.by} (${settlement.paidSince} paid); the remaining ${writtenOff} written off`;
    record(state, wallNowMs, 'settlement-paid', SYSTEM, reason, { amount: settlement.amount, paid: settlement.paidSince, writtenOff });
    state.closure = { outcome: 'settled', reason, actor: SYSTEM, atMs: businessNowMs };
    return;
  }
  if (settlement.dueMs > businessNowMs) return;
  const was = settlement.status;
  settlement.status = 'expired';
  withoutSettlementHold(state);
  state.assessedInBucket = undefined;
  const why = was === 'pending-approval' ? 'lapsed before a second person approved it' : `expired unpaid (${settlement.paidSince} of ${settlement.amount} paid by the date)`;
  record(state, wallNowMs, 'settlement-expired', SYSTEM, `settlement of ${settlement.amount} by ${settlement.by} ${why}; the ladder resumes at the DPD reached`, {
    was,
    paid: settlement.paidSince,
  });
}

export function putOnHardshipHold(state: CaseState, wallNowMs: number, request: { actor: string; reason: string; until: string; code?: string }, dueMs: number): void {
  state.holds.push({
    kind: 'hardship',
    reason: request.reason,
    actor: request.actor,
    sinceMs: nowOf(state, wallNowMs),
    dueMs,
    ...(request.code !== undefined && { code: request.code }),
  });
  record(state, wallNowMs, 'hardship-hold', request.actor, `hardship hold until ${request.until}${request.code ? ` (${request.code})` : ''}: ${request.reason}; contact and the ladder wait until it ends`, {
    until: request.until,
    ...(request.code !== undefined && { code: request.code }),
  });
}

function liftHardshipHold(state: CaseState, wallNowMs: number, hold: Hold, actor: string, why: string): void {
  state.holds = state.holds.filter((other) => other !== hold);
  state.assessedInBucket = undefined;
  record(state, wallNowMs, 'hardship-ended', actor, `hardship hold (${hold.reason}) ${why}; the ladder resumes at the DPD reached`, { early: actor !== SYSTEM });
}

export function endHardshipHold(state: CaseState, wallNowMs: number, actor: string, reason: string): void {
  liftHardshipHold(state, wallNowMs, hardshipHoldOf(state)!, actor, `ended early: ${reason}`);
}

/** Monitor: a hardship hold whose end has come is lifted. */
export function liftEndedHardshipHolds(state: CaseState, wallNowMs: number): void {
  const businessNowMs = nowOf(state, wallNowMs);
  for (const hold of state.holds.filter((hold) => hold.kind === 'hardship' && hold.dueMs !== undefined && hold.dueMs <= businessNowMs)) {
    liftHardshipHold(state, wallNowMs, hold, SYSTEM, `ended on ${new Date(hold.dueMs! - 1).toISOString().slice(0, 10)}`);
  }
}

/** Follow-up: the timers settlements and hardship holds add, an open offer's date and a hold's end. */
export function settlementAndHardshipTimers(state: CaseState): NonNullable<CaseState['next']>[] {
  const timers: NonNullable<CaseState['next']>[] = [];
  const settlement = openSettlement(state);
  if (settlement) timers.push({ atMs: settlement.dueMs, reason: `settlement of ${settlement.amount} due by ${settlement.by}` });
  for (const hold of state.holds) {
    if (hold.kind === 'hardship' && hold.dueMs !== undefined) timers.push({ atMs: hold.dueMs, reason: `hardship hold ends (${hold.reason})` });
  }
  return timers;
}
