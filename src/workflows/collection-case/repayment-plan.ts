// A repayment plan (分期 / 协商还款) on a case: proposed by a supervisor or agent
// under the strategy's plan policy, accepted by the debtor (the ladder stops and
// the case waits in `arrangement`), each payment watched until its grace ends. A
// missed payment breaks the plan and the ladder resumes at the DPD reached; a plan
// kept to the end cures the case, re-aging the loan when the policy allows.
import {
  bucketFor,
  DAY_MS,
  daysPastDue,
  DEFAULT_PLAN_INTERVAL_DAYS,
  DEFAULT_PLAN_POLICY,
  dueDateToMs,
  graceEndMs,
  pastDueOn,
  PLAN_ACCEPTANCE_CHANNELS,
  planRefusal,
  planSchedule,
  progressOf,
  reAgeAllowed,
  reAgeInstallments,
  type AcceptPlanRequest,
  type CancelPlanRequest,
  type PlanPaymentProgress,
  type PlanPolicy,
  type PlanStatus,
  type PlanTerms,
  type ProposePlanRequest,
  type RepaymentPlan,
} from '../../domain';
import { recordsFor } from './activities';
import { dpdOf, nowOf, record, type CaseState } from './case-state';
import type { CaseRun } from './publish';
import { openSettlement } from './settlements';

const SYSTEM = 'system';

/** Why a plan command cannot be taken: the code and sentence the API returns. */
export interface Refusal {
  code: string;
  message: string;
}

const invalid = (message: string): Refusal => ({ code: 'INVALID_COMMAND', message });
const dayOf = (businessMs: number) => new Date(businessMs).toISOString().slice(0, 10);
const isWholeAtLeast = (value: unknown, least: number) => Number.isInteger(value) && (value as number) >= least;

function isCalendarDate(value: unknown): value is string {
  try {
    dueDateToMs(value as string);
    return true;
  } catch {
    return false;
  }
}

/** The plan policy of the case's strategy. */
export function planPolicyOf(state: CaseState): PlanPolicy {
  return state.strategy.repaymentPlans ?? DEFAULT_PLAN_POLICY;
}

function openPlan(state: CaseState): RepaymentPlan | undefined {
  const plan = state.repaymentPlan;
  return plan?.status === 'proposed' || plan?.status === 'active' ? plan : undefined;
}

/** Whether the debtor is keeping an accepted plan: the plan, not DPD 0, ends the arrangement. */
export function planRunning(state: CaseState): boolean {
  return state.repaymentPlan?.status === 'active';
}

function termsOf(state: CaseState, request: ProposePlanRequest, businessNowMs: number): PlanTerms {
  return {
    total: request.total ?? pastDueOn(state.loan.installments, businessNowMs)?.amount ?? 0,
    payments: request.payments,
    firstDate: request.firstDate,
    intervalDays: request.intervalDays ?? DEFAULT_PLAN_INTERVAL_DAYS,
  };
}

export function proposalRefusal(state: CaseState, request: ProposePlanRequest, businessNowMs: number): Refusal | undefined {
  if (!isWholeAtLeast(request.payments, 1)) return invalid('payments must be a whole number of at least 1');
  if (!isCalendarDate(request.firstDate)) return invalid(`firstDate "${request.firstDate}" is not a YYYY-MM-DD date`);
  if (dueDateToMs(request.firstDate) + DAY_MS <= businessNowMs) return invalid(`firstDate ${request.firstDate} has already passed`);
  if (request.intervalDays !== undefined && !isWholeAtLeast(request.intervalDays, 1)) return invalid('intervalDays must be a whole number of days, at least 1');
  if (request.total !== undefined && !isWholeAtLeast(request.total, 1)) return invalid('total must be a positive whole number of minor units');
  if (request.total !== undefined && request.total > state.loan.outstanding) {
    return invalid(`total ${request.total} is more than the balance of ${state.loan.outstanding} ${state.loan.currency}`);
  }
  if (request.note !== undefined && typeof request.note !== 'string') return invalid('note must be text');
  const open = openPlan(state);
  if (open) return { code: 'PLAN_OPEN', message: `the case already has a ${open.status} repayment plan, proposed by ${open.proposedBy}; cancel it first` };
  const terms = termsOf(state, request, businessNowMs);
  if (terms.total === 0) return { code: 'NOTHING_PAST_DUE', message: 'nothing is past due, so a plan needs its total' };
  return planRefusal(planPolicyOf(state), terms, bucketFor(daysPastDue(state.loan.installments, businessNowMs)).name, dayOf(businessNowMs));
}

export function proposePlan(state: CaseState, wallNowMs: number, request: ProposePlanRequest): void {
  const businessNow = nowOf(state, wallNowMs);
  const terms = termsOf(state, request, businessNow);
  const schedule = planSchedule(terms);
  const note = request.note?.trim();
  state.repaymentPlan = {
    status: 'proposed',
    total: terms.total,
    intervalDays: terms.intervalDays,
    schedule,
    policy: planPolicyOf(state),
    paidSoFar: 0,
    proposedBy: request.actor,
    proposedAtMs: businessNow,
    ...(note && { note }),
  };
  const last = schedule[schedule.length - 1].dueDate;
  const every = terms.payments > 1 ? `, every ${terms.intervalDays} days from ${terms.firstDate} to ${last}` : ` on ${terms.firstDate}`;
  record(
    state,
    wallNowMs,
    'plan-proposed',
    request.actor,
    `repayment plan proposed: ${terms.total} ${state.loan.currency} in ${terms.payments} payment(s)${every}${note ? `: ${note}` : ''}`,
    { payments: terms.payments, firstDate: terms.firstDate, intervalDays: terms.intervalDays, total: terms.total },
  );
}

export function acceptanceRefusal(state: CaseState, request: AcceptPlanRequest, businessNowMs: number): Refusal | undefined {
  if (!PLAN_ACCEPTANCE_CHANNELS.includes(request.channel)) {
    return invalid(`channel "${request.channel}" is not how a debtor accepts a plan; one of ${PLAN_ACCEPTANCE_CHANNELS.join(', ')}`);
  }
  const plan = state.repaymentPlan;
  if (plan?.status !== 'proposed') {
    return { code: 'NO_PLAN_PROPOSED', message: plan?.status === 'active' ? 'the repayment plan is accepted already' : 'no repayment plan is proposed; propose one first' };
  }
  const settlement = openSettlement(state);
  if (settlement) {
    return { code: 'SETTLEMENT_OPEN', message: `the case has a settlement of ${settlement.amount} by ${settlement.by} (${settlement.status}); one arrangement at a time, so reject it first` };
  }
  const first = plan.schedule[0];
  if (graceEndMs(first, plan.policy.graceDays) <= businessNowMs) {
    return { code: 'PLAN_OUT_OF_DATE', message: `the plan's first payment, due ${first.dueDate}, is past its grace; cancel the plan and propose another` };
  }
  return undefined;
}

export function acceptPlan(state: CaseState, wallNowMs: number, request: AcceptPlanRequest): void {
  const plan = state.repaymentPlan!;
  const businessNow = nowOf(state, wallNowMs);
  plan.status = 'active';
  plan.accepted = { actor: request.actor, channel: request.channel, atMs: businessNow };
  const payments = plan.schedule.length;
  state.holds.push({ kind: 'repayment-plan', reason: `repayment plan of ${payments} payment(s) accepted by the debtor (${request.channel})`, actor: request.actor, sinceMs: businessNow });
  state.loan = { ...state.loan, restructuredOn: dayOf(businessNow) };
  record(
    state,
    wallNowMs,
    'plan-accepted',
    request.actor,
    `repayment plan accepted by the debtor (${request.channel}): ${payments} payment(s) from ${plan.schedule[0].dueDate}; the ladder waits while each payment is made`,
    { channel: request.channel, restructuredOn: state.loan.restructuredOn },
  );
}

export function cancellationRefusal(state: CaseState, request: CancelPlanRequest): Refusal | undefined {
  if (typeof request.reason !== 'string' || request.reason.trim() === '') return invalid('reason is required');
  if (!openPlan(state)) return { code: 'NO_OPEN_PLAN', message: 'the case has no proposed or active repayment plan' };
  return undefined;
}

export function cancelPlan(state: CaseState, wallNowMs: number, request: CancelPlanRequest): void {
  const plan = openPlan(state)!;
  const was = plan.status;
  endPlan(state, wallNowMs, plan, 'cancelled', request.actor, request.reason);
  record(state, wallNowMs, 'plan-cancelled', request.actor, `${was} repayment plan cancelled: ${request.reason}${was === 'active' ? '; the ladder resumes' : ''}`, { was });
}

/** A payment counts toward an active plan: the plan's payments are made oldest first, cumulatively. */
export function countPlanPayment(state: CaseState, wallNowMs: number, reference: string, amount: number): void {
  const plan = state.repaymentPlan;
  if (plan?.status !== 'active') return;
  const businessNow = nowOf(state, wallNowMs);
  const before = progressOf(plan, businessNow).made;
  plan.paidSoFar += amount;
  const after = progressOf(plan, businessNow);
  const of = plan.schedule.length;
  for (const payment of after.payments.slice(before, after.made)) {
    record(state, wallNowMs, 'plan-payment', reference, `plan payment ${payment.seq} of ${of} made (${plan.paidSoFar} of ${plan.total} ${state.loan.currency} paid toward the plan)`, {
      seq: payment.seq,
      of,
      paidSoFar: plan.paidSoFar,
    });
  }
  if (after.made === before && after.next) {
    const next = after.next;
    record(state, wallNowMs, 'plan-payment', reference, `${amount} ${state.loan.currency} toward plan payment ${next.seq} of ${of} (${next.paid} of ${next.amount})`, {
      seq: next.seq,
      of,
      paidSoFar: plan.paidSoFar,
    });
  }
}

/** The timer the plan needs: the end of the next payment's grace. */
export function planWake(state: CaseState, wallNowMs: number): { atMs: number; reason: string } | undefined {
  const plan = state.repaymentPlan;
  if (plan?.status !== 'active') return undefined;
  const next = progressOf(plan, nowOf(state, wallNowMs)).next;
  if (!next) return undefined;
  return {
    atMs: graceEndMs(next, plan.policy.graceDays),
    reason: `plan payment ${next.seq} of ${plan.schedule.length} (${next.amount} ${state.loan.currency} due ${next.dueDate}) watched until its grace ends`,
  };
}

function endPlan(state: CaseState, wallNowMs: number, plan: RepaymentPlan, status: PlanStatus, actor: string, reason: string): void {
  if (plan.status === 'active') {
    state.holds = state.holds.filter((hold) => hold.kind !== 'repayment-plan');
    // The case is assessed again: the ladder resumes from where the debtor is now.
    state.assessedInBucket = undefined;
  }
  plan.status = status;
  plan.ended = { actor, reason, atMs: nowOf(state, wallNowMs) };
}

/** Monitor's part for a plan: a payment missed past its grace breaks it; all payments made end it kept. */
export async function watchRepaymentPlan(run: CaseRun): Promise<void> {
  const { state } = run;
  const plan = state.repaymentPlan;
  if (plan?.status !== 'active') return;
  const now = Date.now();
  const progress = progressOf(plan, nowOf(state, now));
  if (progress.missed) breakPlan(state, now, plan, progress.missed, progress.made);
  else if (progress.complete) await endKeptPlan(state, now, plan);
}

function breakPlan(state: CaseState, wallNowMs: number, plan: RepaymentPlan, missed: PlanPaymentProgress, made: number): void {
  const { currency } = state.loan;
  const part = missed.paid ? `; ${missed.paid} of it paid` : '';
  const why = `payment ${missed.seq} of ${plan.schedule.length} (${missed.amount} ${currency} due ${missed.dueDate}) not made by the end of its ${plan.policy.graceDays} grace days, ${missed.graceEndsAt}${part}`;
  endPlan(state, wallNowMs, plan, 'broken', SYSTEM, why);
  const dpd = dpdOf(state, wallNowMs);
  record(state, wallNowMs, 'plan-broken', SYSTEM, `repayment plan broken: ${why}; the ladder resumes at DPD ${dpd}`, {
    seq: missed.seq,
    dueDate: missed.dueDate,
    paymentsMade: made,
    paidSoFar: plan.paidSoFar,
    dpd,
  });
}

async function endKeptPlan(state: CaseState, wallNowMs: number, plan: RepaymentPlan): Promise<void> {
  const businessNow = nowOf(state, wallNowMs);
  const today = dayOf(businessNow);
  const payments = plan.schedule.length;
  const dpd = dpdOf(state, wallNowMs);
  const cure = (reason: string) => (state.closure = { outcome: 'cured-by-arrangement', reason, actor: SYSTEM, atMs: businessNow });
  if (dpd === 0) {
    const reason = `all ${payments} payments made, and they cleared the arrears`;
    endPlan(state, wallNowMs, plan, 'kept', SYSTEM, reason);
    record(state, wallNowMs, 'plan-kept', SYSTEM, `repayment plan kept: ${reason}`, { payments, reAged: false });
    cure(`repayment plan kept: ${reason}`);
    return;
  }
  const rule = reAgeAllowed(plan.policy, payments, state.loan.lastReAgedOn, today);
  if (!rule.allowed) {
    const pastDue = pastDueOn(state.loan.installments, businessNow)?.amount ?? 0;
    const reason = `all ${payments} payments made, but ${pastDue} ${state.loan.currency} is still past due and the loan is not re-aged (${rule.reason})`;
    endPlan(state, wallNowMs, plan, 'kept', SYSTEM, reason);
    record(state, wallNowMs, 'plan-kept', SYSTEM, `repayment plan kept: ${reason}; the ladder resumes at DPD ${dpd}`, { payments, reAged: false, dpd });
    return;
  }
  const { installments, moved } = reAgeInstallments(state.loan.installments, today, plan.intervalDays);
  const reason = `all ${payments} payments made, and the loan is re-aged`;
  endPlan(state, wallNowMs, plan, 'kept', SYSTEM, reason);
  record(state, wallNowMs, 'plan-kept', SYSTEM, `repayment plan kept: ${reason}`, { payments, reAged: true });
  state.loan = { ...state.loan, installments, lastReAgedOn: today, restructuredOn: today };
  const to = installments.find((installment) => installment.dueDate > today)!;
  record(state, wallNowMs, 'loan-re-aged', SYSTEM, `loan re-aged on ${today} (${rule.reason}): ${moved} ${state.loan.currency} past due moved to installment ${to.seq} due ${to.dueDate}; nothing is past due`, {
    moved,
    toInstallment: to.seq,
    on: today,
  });
  await recordsFor(state.clock).recordLoanReAged({ loanId: state.loan.loanId, on: today, intervalDays: plan.intervalDays });
  cure(`repayment plan kept: ${reason}`);
}
