// Days past due, payment allocation and the DPD buckets collectors work in.
//
// Dates are calendar dates evaluated in UTC: a due date 'YYYY-MM-DD' is the UTC day
// it names, and an installment is past due from the UTC midnight after it. A due
// date carries no zone, and reading it in UTC gives each loan one DPD wherever the
// worker or the debtor is, with no time-zone database inside the workflow sandbox.
// The debtor's zone decides when a contact may happen, which is the compliance
// guard's job, not how late the loan is.
import type { Installment } from './loan';

export const DAY_MS = 86_400_000;

/** "1 day", "5 days": how long a payment has been past due, as English text says it. */
export function daysInWords(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of UTC midnight starting the given calendar date. */
export function dueDateToMs(isoDate: string): number {
  const match = isoDatePattern.exec(isoDate);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2024-02-30 over to March; a rolled date is a typo, not a due date.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`"${isoDate}" is not a calendar date 'YYYY-MM-DD'`);
  }
  return ms;
}

function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Whole UTC calendar days from isoDate to the day containing nowMs; negative for future dates. */
export function calendarDaysSince(isoDate: string, nowMs: number): number {
  return utcDay(nowMs) - utcDay(dueDateToMs(isoDate));
}

function isUnpaid(installment: Installment): boolean {
  return installment.amountPaid < installment.amountDue;
}

function byDueDate(a: Installment, b: Installment): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.seq - b.seq;
}

function oldestUnpaid(installments: readonly Installment[]): Installment | undefined {
  return installments.filter(isUnpaid).sort(byDueDate)[0];
}

/** The due date DPD counts from: the oldest unpaid installment's; undefined when everything is paid. */
export function oldestUnpaidDueDate(installments: readonly Installment[]): string | undefined {
  return oldestUnpaid(installments)?.dueDate;
}

/**
 * Days past due of the oldest unpaid installment (amountPaid < amountDue), so a
 * partial payment does not stop the clock. 0 when nothing is past due: due today is 0,
 * due yesterday is 1.
 */
export function daysPastDue(installments: readonly Installment[], nowMs: number): number {
  const oldest = oldestUnpaid(installments);
  return oldest ? Math.max(0, calendarDaysSince(oldest.dueDate, nowMs)) : 0;
}

/**
 * The epoch ms at which the case reaches targetDpd (despite the name, an instant,
 * not a duration), for the workflow's next threshold timer. Undefined when nothing
 * is unpaid, since no DPD clock runs. Recompute it after every payment: clearing the
 * oldest installment moves the clock to the next unpaid one.
 */
export function msUntilDpd(installments: readonly Installment[], targetDpd: number): number | undefined {
  if (!Number.isInteger(targetDpd) || targetDpd < 0) {
    throw new RangeError(`target DPD must be a whole number of days >= 0, got ${targetDpd}`);
  }
  const oldest = oldestUnpaid(installments);
  return oldest ? dueDateToMs(oldest.dueDate) + targetDpd * DAY_MS : undefined;
}

/** What is past due on a business day. */
export interface PastDue {
  /** What is unpaid of the installments due before the day, in minor units. */
  amount: number;
  /** The oldest unpaid due date, YYYY-MM-DD. */
  since: string;
  daysPastDue: number;
}

/** What is past due on the business day of atMs: an installment due today is not late yet. Undefined when nothing is. */
export function pastDueOn(installments: readonly Installment[], atMs: number): PastDue | undefined {
  const businessDay = new Date(atMs).toISOString().slice(0, 10);
  const late = installments.filter((installment) => installment.dueDate < businessDay && installment.amountPaid < installment.amountDue);
  if (late.length === 0) return undefined;
  const since = late.map((installment) => installment.dueDate).sort()[0];
  const amount = late.reduce((sum, installment) => sum + installment.amountDue - installment.amountPaid, 0);
  return { amount, since, daysPastDue: calendarDaysSince(since, atMs) };
}

export interface PaymentAllocation {
  installments: Installment[];
  /** What is left after every installment is paid in full, in minor units. */
  surplus: number;
}

/**
 * Allocates a payment to the oldest installments first (the usual waterfall), which
 * is what cures delinquency fastest. Returns new installments in the input order.
 */
export function applyPayment(installments: readonly Installment[], amount: number): PaymentAllocation {
  if (!Number.isInteger(amount) || amount < 0) {
    throw new RangeError(`payment must be a whole number of minor units >= 0, got ${amount}`);
  }
  const paid = new Map<Installment, Installment>();
  let remaining = amount;
  for (const installment of [...installments].sort(byDueDate)) {
    const applied = Math.min(remaining, Math.max(0, installment.amountDue - installment.amountPaid));
    remaining -= applied;
    paid.set(installment, { ...installment, amountPaid: installment.amountPaid + applied });
  }
  return { installments: installments.map((installment) => paid.get(installment)!), surplus: remaining };
}

/** A named DPD range, inclusive at both ends; no maxDpd means open-ended. */
export interface DpdBand {
  name: string;
  minDpd: number;
  maxDpd?: number;
}

/** The band containing dpd; bands are data, so a gap in them is reported, not guessed over. */
export function bandFor<Band extends DpdBand>(bands: readonly Band[], dpd: number): Band {
  if (!Number.isInteger(dpd) || dpd < 0) {
    throw new RangeError(`DPD must be a whole number of days >= 0, got ${dpd}`);
  }
  const band = bands.find((b) => dpd >= b.minDpd && (b.maxDpd === undefined || dpd <= b.maxDpd));
  if (!band) throw new RangeError(`no band covers DPD ${dpd}`);
  return band;
}

export const BUCKETS = [
  { name: 'M0', minDpd: 0, maxDpd: 0 },
  { name: 'M1', minDpd: 1, maxDpd: 30 },
  { name: 'M2', minDpd: 31, maxDpd: 60 },
  { name: 'M3', minDpd: 61, maxDpd: 90 },
  { name: 'M4', minDpd: 91, maxDpd: 120 },
  { name: 'M5', minDpd: 121, maxDpd: 150 },
  { name: 'M6', minDpd: 151, maxDpd: 180 },
  { name: 'M7+', minDpd: 181 },
] as const satisfies readonly DpdBand[];

export type Bucket = (typeof BUCKETS)[number];
export type BucketName = Bucket['name'];

export function bucketFor(dpd: number): Bucket {
  return bandFor(BUCKETS, dpd);
}
