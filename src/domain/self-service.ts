// The debtor's self-service page (/pay/<token>): what a debtor may pay or promise
// there, and the contract between the selfServicePayment workflow and its
// activities. One submission of the page's payment form is one workflow, whose id
// comes from the case and the form's submission id: a form sent twice finds the
// workflow the first sending started, and the provider's idempotency key is that id.
import { DAY_MS, dueDateToMs } from './delinquency';

/** How far ahead a debtor may promise on the page: a promise further out is a plan, which an agent proposes. */
export const PROMISE_HORIZON_DAYS = 30;

/** Who acts when the debtor acts on the page: recorded on the case's events and the payment. */
export const DEBTOR_WEB_ACTOR = 'debtor:web';

/** A form's submission id: generated with the page, sent back with the form. */
export const SUBMISSION_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

/** The payment workflow of one submission of a case's payment form. */
export function selfServicePaymentId(caseId: string, submissionId: string): string {
  return `self-service-payment-${caseId}-${submissionId}`;
}

/** The update id of a promise or a plan acceptance made with one submission: the case takes it once. */
export function selfServiceUpdateId(kind: 'promise' | 'accept-plan', submissionId: string): string {
  return `web-${kind}-${submissionId}`;
}

/** How the debtor pays: a card (in the sandbox, test numbers decline). */
export interface PaymentMethod {
  type: 'card';
  /** Digits only. */
  number: string;
}

/** What the payment provider answers a charge with. */
export interface ChargeOutcome {
  chargeId: string;
  status: 'succeeded' | 'declined';
  /** Why it was declined, as the provider's code (e.g. card_declined, insufficient_funds). */
  reason?: string;
}

export interface SelfServicePaymentInput {
  caseId: string;
  loanId: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** The business day the debtor paid on, 'YYYY-MM-DD': the payment's value date. */
  date: string;
  method: PaymentMethod;
}

export type SelfServicePaymentResult =
  | { status: 'paid'; chargeId: string; amount: number; currency: string; outstanding: number }
  | { status: 'declined'; chargeId: string; amount: number; currency: string; reason: string }
  /** The provider refused the request itself (not the card): nothing was charged. */
  | { status: 'failed'; amount: number; currency: string; reason: string };

export interface ChargeRequest {
  /** The workflow's id: a retried charge is the same charge. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  /** The provider's reference for the charge: the case's id. */
  reference: string;
  method: PaymentMethod;
}

export interface SelfServicePaymentActivities {
  /** Charges the debtor at the payment provider under the idempotency key. */
  chargeDebtor(request: ChargeRequest): Promise<ChargeOutcome>;
  /** Records a succeeded charge as the loan's payment (reference = the charge id), once; answers the balance after it. */
  recordSelfServicePayment(request: { loanId: string; amount: number; date: string; chargeId: string }): Promise<{ outstanding: number }>;
}

/** Why the page refuses an amount, or undefined: more than nothing, at most the balance. */
export function amountRefusal(amount: number, balance: number): 'amount-invalid' | 'amount-too-large' | undefined {
  if (!Number.isInteger(amount) || amount <= 0) return 'amount-invalid';
  if (amount > balance) return 'amount-too-large';
  return undefined;
}

/** Why the page refuses a promise date, or undefined: from today to PROMISE_HORIZON_DAYS ahead. */
export function promiseDateRefusal(date: string, today: string): 'date-invalid' | 'date-past' | 'date-too-far' | undefined {
  if (!isCalendarDate(date)) return 'date-invalid';
  if (date < today) return 'date-past';
  if (date > lastPromiseDate(today)) return 'date-too-far';
  return undefined;
}

/** The latest day a promise made today may name. */
export function lastPromiseDate(today: string): string {
  return new Date(dueDateToMs(today) + PROMISE_HORIZON_DAYS * DAY_MS).toISOString().slice(0, 10);
}

function isCalendarDate(text: string): boolean {
  try {
    dueDateToMs(text);
    return true;
  } catch {
    return false;
  }
}
