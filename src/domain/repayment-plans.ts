// Repayment plans (分期 / 协商还款): the debtor pays what is past due in N payments
// over time instead of climbing the ladder. The policy (longest term, smallest
// payment, eligible buckets, grace, the re-age rule) is data the strategy carries;
// the schedule, the policy's checks, the plan's progress and the re-age are pure
// functions here, so the case, the API and the tests read the same rules.
import { z } from 'zod';
import { BUCKETS, calendarDaysSince, DAY_MS, dueDateToMs } from './delinquency';
import type { Installment } from './loan';

const BUCKET_NAMES = BUCKETS.map((bucket) => bucket.name) as [string, ...string[]];

export const planPolicySchema = z.strictObject({
  /** The most payments a plan may have. */
  maxPayments: z.number().int().positive(),
  /** The most days from the day a plan is proposed to its last payment's date. */
  maxTermDays: z.number().int().positive(),
  /** The smallest payment, in minor units. */
  minPayment: z.number().int().positive(),
  /** DPD buckets (delinquency.ts BUCKETS) in which a plan may be offered. */
  eligibleBuckets: z.array(z.enum(BUCKET_NAMES)).min(1),
  /** Days after a payment's due date before it counts as missed. */
  graceDays: z.number().int().nonnegative(),
  /** A plan kept to the end re-ages the loan (nothing past due) after so many consecutive payments, at most once in so many months. */
  reAge: z.strictObject({
    afterConsecutivePayments: z.number().int().positive(),
    atMostOncePerMonths: z.number().int().nonnegative(),
  }),
});
export type PlanPolicy = z.infer<typeof planPolicySchema>;

export const DEFAULT_PLAN_POLICY: PlanPolicy = {
  maxPayments: 12,
  maxTermDays: 365,
  minPayment: 10_000,
  eligibleBuckets: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
  graceDays: 3,
  reAge: { afterConsecutivePayments: 3, atMostOncePerMonths: 12 },
};

/** How the debtor said yes to a plan. */
export const PLAN_ACCEPTANCE_CHANNELS = ['phone', 'field-visit', 'sms', 'letter', 'email', 'app', 'web', 'in-person'] as const;
export type PlanAcceptanceChannel = (typeof PLAN_ACCEPTANCE_CHANNELS)[number];

export const PLAN_STATUSES = ['proposed', 'active', 'kept', 'broken', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const DEFAULT_PLAN_INTERVAL_DAYS = 30;

/** One payment of a plan: minor units due on a business day. */
export interface PlanPayment {
  seq: number;
  dueDate: string;
  amount: number;
}

export interface PlanTerms {
  /** Minor units the plan pays in all. */
  total: number;
  payments: number;
  /** 'YYYY-MM-DD' of the first payment. */
  firstDate: string;
  intervalDays: number;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The payments: one every intervalDays from firstDate, the total split so they add up to it exactly (the first ones carry the remainder). */
export function planSchedule(terms: PlanTerms): PlanPayment[] {
  const base = Math.floor(terms.total / terms.payments);
  const remainder = terms.total - base * terms.payments;
  const first = dueDateToMs(terms.firstDate);
  return Array.from({ length: terms.payments }, (_, i) => ({
    seq: i + 1,
    dueDate: isoDay(first + i * terms.intervalDays * DAY_MS),
    amount: base + (i < remainder ? 1 : 0),
  }));
}

export interface PlanRefusal {
  code: 'PLAN_TOO_MANY_PAYMENTS' | 'PLAN_TERM_TOO_LONG' | 'PLAN_PAYMENT_TOO_SMALL' | 'PLAN_BUCKET_NOT_ELIGIBLE';
  message: string;
}

/** Why the policy forbids the plan, or undefined when it allows it. `bucket` is the case's now; `today` the business day. */
export function planRefusal(policy: PlanPolicy, terms: PlanTerms, bucket: string, today: string): PlanRefusal | undefined {
  if (!policy.eligibleBuckets.includes(bucket)) {
    return { code: 'PLAN_BUCKET_NOT_ELIGIBLE', message: `a plan is not offered in bucket ${bucket}; the policy allows it in ${policy.eligibleBuckets.join(', ')}` };
  }
  if (terms.payments > policy.maxPayments) {
    return { code: 'PLAN_TOO_MANY_PAYMENTS', message: `${terms.payments} payments is more than the policy's ${policy.maxPayments}` };
  }
  const schedule = planSchedule(terms);
  const last = schedule[schedule.length - 1];
  const term = -calendarDaysSince(last.dueDate, dueDateToMs(today));
  if (term > policy.maxTermDays) {
    return { code: 'PLAN_TERM_TOO_LONG', message: `the last payment on ${last.dueDate} is ${term} days away; the policy allows at most ${policy.maxTermDays}` };
  }
  const smallest = Math.min(...schedule.map((payment) => payment.amount));
  if (smallest < policy.minPayment) {
    return { code: 'PLAN_PAYMENT_TOO_SMALL', message: `a payment of ${smallest} is below the policy's smallest payment of ${policy.minPayment}` };
  }
  return undefined;
}

export type PlanPaymentStatus = 'paid' | 'due' | 'upcoming' | 'missed';

export interface PlanPaymentProgress extends PlanPayment {
  /** What of this payment is paid: payments count toward the plan cumulatively, oldest first. */
  paid: number;
  status: PlanPaymentStatus;
  /** ISO-8601 business instant the grace ends: the end of the due day plus the grace days. */
  graceEndsAt: string;
}

export interface PlanProgress {
  payments: PlanPaymentProgress[];
  /** Payments paid in full. */
  made: number;
  /** The first payment not made by the end of its grace, if any. */
  missed?: PlanPaymentProgress;
  /** The first payment not yet paid in full, if any. */
  next?: PlanPaymentProgress;
  complete: boolean;
}

/** The business instant a payment's grace ends: the end of its due day, plus the grace days. */
export function graceEndMs(payment: PlanPayment, graceDays: number): number {
  return dueDateToMs(payment.dueDate) + (1 + graceDays) * DAY_MS;
}

/** The schedule against what has been paid toward it by businessNowMs: which payment is paid, due, upcoming or missed. */
export function planProgress(schedule: readonly PlanPayment[], paidSoFar: number, graceDays: number, businessNowMs: number): PlanProgress {
  let left = paidSoFar;
  const payments = schedule.map((payment): PlanPaymentProgress => {
    const paid = Math.min(left, payment.amount);
    left -= paid;
    const graceEnd = graceEndMs(payment, graceDays);
    const status: PlanPaymentStatus =
      paid >= payment.amount ? 'paid' : businessNowMs >= graceEnd ? 'missed' : businessNowMs >= dueDateToMs(payment.dueDate) ? 'due' : 'upcoming';
    return { ...payment, paid, status, graceEndsAt: new Date(graceEnd).toISOString() };
  });
  const made = payments.filter((payment) => payment.status === 'paid').length;
  return {
    payments,
    made,
    missed: payments.find((payment) => payment.status === 'missed'),
    next: payments.find((payment) => payment.status !== 'paid'),
    complete: made === payments.length,
  };
}

/** Whether a kept plan of `consecutivePayments` may re-age the loan on `today`, with the sentence that says why. */
export function reAgeAllowed(policy: PlanPolicy, consecutivePayments: number, lastReAgedOn: string | undefined, today: string): { allowed: boolean; reason: string } {
  const { afterConsecutivePayments, atMostOncePerMonths } = policy.reAge;
  if (consecutivePayments < afterConsecutivePayments) {
    return { allowed: false, reason: `${consecutivePayments} consecutive payments, the policy re-ages after ${afterConsecutivePayments}` };
  }
  if (lastReAgedOn !== undefined) {
    const [year, month, day] = lastReAgedOn.split('-').map(Number);
    const allowedFrom = isoDay(Date.UTC(year, month - 1 + atMostOncePerMonths, day));
    if (today < allowedFrom) {
      return { allowed: false, reason: `the loan was re-aged on ${lastReAgedOn}, and the policy re-ages at most once in ${atMostOncePerMonths} months (again from ${allowedFrom})` };
    }
  }
  return { allowed: true, reason: `${consecutivePayments} consecutive payments made${lastReAgedOn ? `, last re-aged on ${lastReAgedOn}` : ', never re-aged before'}` };
}

export interface ReAged {
  installments: Installment[];
  /** Minor units moved from installments due on or before the day to a later one. */
  moved: number;
}

/**
 * Re-ages the installments on `today`: what installments due on or before it
 * leave unpaid moves to the next installment due after it (or a new one,
 * intervalDays later), so nothing is past due and DPD is 0. The balance is the same.
 */
export function reAgeInstallments(installments: readonly Installment[], today: string, intervalDays = DEFAULT_PLAN_INTERVAL_DAYS): ReAged {
  const isDue = (installment: Installment) => installment.dueDate <= today && installment.amountPaid < installment.amountDue;
  const moved = installments.filter(isDue).reduce((sum, installment) => sum + installment.amountDue - installment.amountPaid, 0);
  if (moved === 0) return { installments: [...installments], moved };
  const settled = installments.map((installment) => (isDue(installment) ? { ...installment, amountDue: installment.amountPaid } : installment));
  // The loan schema keeps installments in due-date order: the first after today is the next.
  const future = settled.find((installment) => installment.dueDate > today);
  if (future) return { installments: settled.map((installment) => (installment === future ? { ...installment, amountDue: installment.amountDue + moved } : installment)), moved };
  const seq = Math.max(...settled.map((installment) => installment.seq)) + 1;
  return { installments: [...settled, { seq, dueDate: isoDay(dueDateToMs(today) + intervalDays * DAY_MS), amountDue: moved, amountPaid: 0 }], moved };
}

/** A plan as the case keeps it: the terms and policy agreed, what is paid toward it, who proposed and accepted it, how it ended. */
export interface RepaymentPlan {
  status: PlanStatus;
  total: number;
  intervalDays: number;
  schedule: PlanPayment[];
  /** The policy the plan was proposed under: its grace days and re-age rule hold to the plan's end. */
  policy: PlanPolicy;
  /** Minor units paid since the plan was accepted. */
  paidSoFar: number;
  proposedBy: string;
  proposedAtMs: number;
  note?: string;
  accepted?: { actor: string; channel: PlanAcceptanceChannel; atMs: number };
  ended?: { actor: string; reason: string; atMs: number };
}

/** A repayment plan as the case shows it: its terms, each payment's status, and who agreed to it how. */
export interface RepaymentPlanView {
  status: PlanStatus;
  /** Minor units the plan pays in all, and paid toward it since it was accepted. */
  total: number;
  paidSoFar: number;
  intervalDays: number;
  graceDays: number;
  payments: { seq: number; dueDate: string; amount: number; paid: number; status: PlanPaymentStatus; graceEndsAt: string }[];
  proposedBy: string;
  proposedAt: string;
  note?: string;
  accepted: { actor: string; channel: PlanAcceptanceChannel; at: string } | null;
  /** How it ended (kept, broken, cancelled), when it has. */
  ended: { actor: string; reason: string; at: string } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function progressOf(plan: RepaymentPlan, businessNowMs: number): PlanProgress {
  return planProgress(plan.schedule, plan.paidSoFar, plan.policy.graceDays, businessNowMs);
}

export function repaymentPlanView(plan: RepaymentPlan, businessNowMs: number): RepaymentPlanView {
  return {
    status: plan.status,
    total: plan.total,
    paidSoFar: plan.paidSoFar,
    intervalDays: plan.intervalDays,
    graceDays: plan.policy.graceDays,
    // A plan not yet accepted has nothing due: its payments are upcoming until the debtor agrees.
    payments: progressOf(plan, plan.status === 'proposed' ? plan.proposedAtMs : (plan.ended?.atMs ?? businessNowMs)).payments,
    proposedBy: plan.proposedBy,
    proposedAt: iso(plan.proposedAtMs),
    ...(plan.note !== undefined && { note: plan.note }),
    accepted: plan.accepted ? { actor: plan.accepted.actor, channel: plan.accepted.channel, at: iso(plan.accepted.atMs) } : null,
    ended: plan.ended ? { actor: plan.ended.actor, reason: plan.ended.reason, at: iso(plan.ended.atMs) } : null,
  };
}

/**
 * The loan as the loan system sends it again, keeping the restructuring the case
 * knows of (an accepted plan, a re-age) when the loan system does not carry it.
 */
export function keepRestructuring<L extends { restructuredOn?: string; lastReAgedOn?: string }>(next: L, previous: L): L {
  const later = (a?: string, b?: string) => (a === undefined ? b : b === undefined || a > b ? a : b);
  const restructuredOn = later(next.restructuredOn, previous.restructuredOn);
  const lastReAgedOn = later(next.lastReAgedOn, previous.lastReAgedOn);
  return { ...next, ...(restructuredOn && { restructuredOn }), ...(lastReAgedOn && { lastReAgedOn }) };
}
