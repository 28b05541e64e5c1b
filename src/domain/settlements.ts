// Settlements (减免 / 和解) and hardship holds as policy: how large a discount a
// supervisor may offer alone, how large one may be at all, how long the debtor has
// to pay it, and how long a hardship hold may last. The policy is data, carried by
// the strategy a case is pinned to; the checks are pure and say why they refuse.
import { z } from 'zod';
import { DAY_MS, dueDateToMs } from './delinquency';

export const settlementPolicySchema = z
  .strictObject({
    /** A discount above this percent of the outstanding balance needs a second person's approval (four eyes). */
    approvalAbovePercent: z.number().min(0).max(100),
    /** The largest discount that may be offered at all, in percent of the outstanding balance. */
    maxDiscountPercent: z.number().min(0).max(100),
    /** The latest date an offer may name: this many days after the day it is made. */
    maxDaysToPay: z.number().int().positive(),
    hardship: z.strictObject({
      /** The longest hardship hold: its end is at most this many days after the day it is put on. */
      maxHoldDays: z.number().int().positive(),
    }),
  })
  .refine((policy) => policy.approvalAbovePercent <= policy.maxDiscountPercent, {
    path: ['approvalAbovePercent'],
    message: 'the approval threshold must not exceed the largest discount',
  });
export type SettlementPolicy = z.infer<typeof settlementPolicySchema>;

export const DEFAULT_SETTLEMENT_POLICY: SettlementPolicy = {
  approvalAbovePercent: 20,
  maxDiscountPercent: 60,
  maxDaysToPay: 30,
  hardship: { maxHoldDays: 90 },
};

/** Where a settlement offer stands: waiting for a second person, open to the debtor, or over. */
export const SETTLEMENT_STATUSES = ['pending-approval', 'offered', 'paid', 'rejected', 'expired'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** The statuses in which an offer is still open: a second one cannot be made. */
export const OPEN_SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['pending-approval', 'offered'];

/** A settlement as the case view shows it. Amounts in minor units; times ISO-8601 business time. */
export interface SettlementView {
  status: SettlementStatus;
  /** What the debtor pays to settle. */
  amount: number;
  /** The outstanding balance when the offer was made. */
  balance: number;
  /** The discount in percent of that balance, to two decimals. */
  discountPercent: number;
  /** 'YYYY-MM-DD': the last business day to pay; the offer lapses at its end. */
  by: string;
  proposer: string;
  /** Who approved a discount above the threshold; null when none was needed or none has yet. */
  approver: string | null;
  needsApproval: boolean;
  /** Payments received since the offer was made. */
  paidSoFar: number;
  /** What was written off when the settlement was paid. */
  writtenOff?: number;
  reason?: string;
  proposedAt: string;
}

/** A refusal of the policy: a stable code and a sentence a supervisor can act on. */
export interface PolicyRefusal {
  code: 'INVALID_COMMAND' | 'DISCOUNT_TOO_LARGE' | 'DATE_TOO_FAR' | 'DATE_PASSED';
  message: string;
}

export type SettlementCheck =
  | { ok: true; discountPercent: number; needsApproval: boolean; dueMs: number }
  | { ok: false; refusal: PolicyRefusal };

/** The discount `amount` makes on `balance`, in percent to two decimals. */
export function discountPercentOf(balance: number, amount: number): number {
  return Math.round(((balance - amount) / balance) * 10_000) / 100;
}

/** The business day (UTC) `ms` falls on, 'YYYY-MM-DD'. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Checks a date a case waits until ('YYYY-MM-DD', the wait ends at the end of that
 * day) against today and the policy's longest wait: answers the end's instant.
 */
function checkEndDate(date: string, field: string, businessNowMs: number, maxDays: number, what: string): { ok: true; dueMs: number } | { ok: false; refusal: PolicyRefusal } {
  let startMs: number;
  try {
    startMs = dueDateToMs(date);
  } catch {
    return { ok: false, refusal: { code: 'INVALID_COMMAND', message: `${field} "${date}" is not a YYYY-MM-DD date` } };
  }
  const dueMs = startMs + DAY_MS;
  if (dueMs <= businessNowMs) return { ok: false, refusal: { code: 'DATE_PASSED', message: `${field} ${date} has already passed` } };
  const latest = dayOf(dueDateToMs(dayOf(businessNowMs)) + maxDays * DAY_MS);
  if (date > latest) {
    return { ok: false, refusal: { code: 'DATE_TOO_FAR', message: `${field} ${date} is later than the policy allows for ${what}: at most ${maxDays} days, by ${latest}` } };
  }
  return { ok: true, dueMs };
}

/**
 * Whether an offer to settle `balance` for `amount` by `by` is within the policy,
 * its discount, and whether a second person must approve it.
 */
export function checkSettlementOffer(
  policy: SettlementPolicy,
  offer: { balance: number; amount: number; by: string; businessNowMs: number },
): SettlementCheck {
  const { balance, amount } = offer;
  if (!Number.isInteger(amount) || amount <= 0) {
    return { ok: false, refusal: { code: 'INVALID_COMMAND', message: 'amount must be a positive whole number of minor units' } };
  }
  if (amount >= balance) {
    return { ok: false, refusal: { code: 'INVALID_COMMAND', message: `amount ${amount} must be less than the outstanding balance ${balance}: a settlement is a discount` } };
  }
  const discountPercent = discountPercentOf(balance, amount);
  // The policy compares the exact discount; the view shows it to two decimals.
  const exactPercent = ((balance - amount) / balance) * 100;
  if (exactPercent > policy.maxDiscountPercent) {
    return {
      ok: false,
      refusal: {
        code: 'DISCOUNT_TOO_LARGE',
        message: `a discount of ${discountPercent}% of the balance ${balance} is more than the policy's largest, ${policy.maxDiscountPercent}%: offer at least ${Math.ceil(balance * (1 - policy.maxDiscountPercent / 100))}`,
      },
    };
  }
  const date = checkEndDate(offer.by, 'by', offer.businessNowMs, policy.maxDaysToPay, 'a settlement');
  if (!date.ok) return date;
  return { ok: true, discountPercent, needsApproval: exactPercent > policy.approvalAbovePercent, dueMs: date.dueMs };
}

/** Whether a hardship hold until `until` is within the policy: answers the instant it ends. */
export function checkHardshipHold(policy: SettlementPolicy, hold: { until: string; businessNowMs: number }) {
  return checkEndDate(hold.until, 'until', hold.businessNowMs, policy.hardship.maxHoldDays, 'a hardship hold');
}

/** The four-eyes rule: who proposed a settlement cannot approve it. A sentence when `approver` may not. */
export function fourEyesRefusal(proposer: string, approver: string): string | undefined {
  return proposer === approver
    ? `${approver} proposed this settlement and cannot approve it too: a second person must approve a discount above the threshold (four eyes)`
    : undefined;
}
