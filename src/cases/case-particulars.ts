// What a supervisor's case page shows beside the case's own view: the loan
// with the debtor's contact details masked, the ladder step by step (done,
// skipped, next), the payments received, and each contact attempt with the
// compliance guard's verdict. Read from the loan book, the strategy store, the
// payments and the contact log; the contact log by _id (the action's
// idempotency key), as FerretDB serves those from an index.
import { idempotencyKeyFor, SEGMENTS, type CaseView, type Installment, type Segment, type Step, type StepOutcome } from '../domain';
import { readEach } from '../db/by-id';
import { contactModel, type ContactRecord, type ContactStatus } from '../db/contacts';
import { optOutRegistry, type StoredOptOut } from '../db/opt-outs';
import { paymentModel, type PaymentRecord } from '../db/payments';
import type { OptOutMethod, OptOutScope } from '../domain/compliance';
import { maskContact, type ContactDetails } from '../security/redact';
import type { CaseServices } from './services';

export interface LoanParticulars {
  principal: number;
  outstanding: number;
  currency: string;
  product: string;
  installments: Installment[];
  lastPaymentDate: string | null;
  debtor: { country: string; timeZone: string; locale: string };
}

/** due: reached and not done, so under way now or held by a pause or hold. */
export type LadderStepStatus = 'done' | 'skipped' | 'due' | 'next' | 'later';

export interface LadderStep {
  step: string;
  atDpd: number;
  channels: string[];
  status: LadderStepStatus;
  /** A done step's outcome. */
  outcome?: StepOutcome;
  /** Why a step was skipped, while the case's recent events still say. */
  reason?: string;
}

/** The guard's verdict on an attempt: allowed (then sent, pending or failed), deferred or refused (denied). */
export type GuardVerdict = 'allowed' | 'deferred' | 'refused';

export interface ContactAttempt {
  seq: number;
  /** Business time of the attempt. */
  at: string;
  step: string;
  channel: string;
  status: ContactStatus;
  verdict: GuardVerdict;
  rule: string | null;
  profile: string | null;
  reason: string | null;
  deferredUntil: string | null;
  outcome: string | null;
  deliveryStatus: string | null;
}

export interface PaymentReceived {
  reference: string;
  amount: number;
  /** Value date, YYYY-MM-DD. */
  date: string;
  applied: boolean;
}

export interface CaseParticulars {
  /** Null when the loan book no longer holds the loan. */
  loan: LoanParticulars | null;
  /** Masked; null when the loan system sent none. POST …/contact/reveal shows them whole. */
  contact: ContactDetails | null;
  /** Null until the case has a segment (it is assessed). */
  ladder: LadderStep[] | null;
  payments: PaymentReceived[];
  contacts: ContactAttempt[];
  /** The debtor's opt-outs, across their loans: the guard denies the channels they name. */
  optOuts: DebtorOptOut[];
}

/** A channel (or every electronic one) the debtor asked us to stop, as the opt-out registry keeps it. */
export interface DebtorOptOut {
  scope: OptOutScope;
  /** Business time. */
  at: string;
  method: OptOutMethod;
  /** `debtor`, or the supervisor who recorded it. */
  actor: string;
  note: string | null;
  /** The loan whose message (or case) it came through: another of the debtor's loans, maybe. */
  loanId: string;
  messageKey: string | null;
}

/** The most attempts and payments a page lists, newest kept. */
const MOST_LISTED = 100;

const VERDICTS: Record<ContactStatus, GuardVerdict> = { pending: 'allowed', sent: 'allowed', failed: 'allowed', deferred: 'deferred', denied: 'refused' };

export function debtorOptOut({ scope, at, method, actor, note, loanId, messageKey }: StoredOptOut): DebtorOptOut {
  return { scope, at: new Date(at).toISOString(), method, actor, note: note ?? null, loanId, messageKey: messageKey ?? null };
}

const isoOrNull = (date: Date | undefined) => (date ? new Date(date).toISOString() : null);

function contactAttempt(record: ContactRecord): ContactAttempt {
  return {
    seq: record.seq,
    at: new Date(record.at).toISOString(),
    step: record.step,
    channel: record.channel,
    status: record.status,
    verdict: VERDICTS[record.status],
    rule: record.rule ?? null,
    profile: record.profile ?? null,
    reason: record.reason ?? null,
    deferredUntil: isoOrNull(record.deferredUntil),
    outcome: record.outcome ?? null,
    deliveryStatus: record.deliveryStatus ?? null,
  };
}

/** The case's own attempts, by their idempotency keys (1..actionCount), the newest MOST_LISTED. */
async function contactAttempts(deps: Pick<CaseServices, 'database'>, view: CaseView): Promise<ContactAttempt[]> {
  const Contact = contactModel(deps.database);
  const first = Math.max(1, view.actionCount - MOST_LISTED + 1);
  const keys = Array.from({ length: Math.max(0, view.actionCount - first + 1) }, (_, i) => idempotencyKeyFor(view.caseId, first + i));
  const records = await readEach(keys, (key) => Contact.findById(key).lean<ContactRecord>());
  return records.filter((record): record is ContactRecord => record !== null).map(contactAttempt);
}

async function paymentsReceived(deps: Pick<CaseServices, 'database'>, loanId: string): Promise<PaymentReceived[]> {
  const records = await paymentModel(deps.database).find({ loanId }).sort({ receivedAt: -1 }).limit(MOST_LISTED).lean<PaymentRecord[]>();
  return records.map(({ reference, amount, date, appliedAt }) => ({ reference, amount, date, applied: appliedAt !== null }));
}

/**
 * The case's ladder (its strategy version, variant and segment) with where each
 * step stands. A skipped step is completed without an outcome: the workflow
 * marks skipped steps done so they never fall due. As for the decision, a step
 * whose country condition excludes the debtor is not on the case's ladder
 * unless it is completed.
 */
async function ladderOf(deps: Pick<CaseServices, 'strategies'>, view: CaseView, country: string | undefined): Promise<LadderStep[] | null> {
  const segment = view.segment as Segment | null;
  if (!segment || !SEGMENTS.includes(segment)) return null;
  const stored = await deps.strategies.get(view.strategy.id, view.strategy.version);
  const variant = stored?.strategy.variants.find((candidate) => candidate.name === view.strategy.variant);
  if (!variant) return null;
  const completed = new Set(view.completedSteps);
  const next = new Set(view.status === 'open' ? (view.nextAction?.step?.split(' or ') ?? []) : []);
  const skipReasons = new Map(
    view.recentEvents.filter((event) => event.type === 'step-skipped').map((event) => [/^step (\S+)/.exec(event.reason)?.[1], event.reason]),
  );
  const forDebtor = (step: Step) =>
    completed.has(step.id) || country === undefined || (step.conditions ?? []).every((condition) => !('country' in condition) || condition.country.includes(country));
  return variant.segments[segment].ladder.filter(forDebtor).map((step): LadderStep => {
    const outcome = view.stepOutcomes[step.id];
    const status: LadderStepStatus = completed.has(step.id)
      ? outcome
        ? 'done'
        : 'skipped'
      : next.has(step.id)
        ? 'next'
        : step.atDpd > view.daysPastDue
          ? 'later'
          : 'due';
    const reason = status === 'skipped' ? skipReasons.get(step.id) : undefined;
    return {
      step: step.id,
      atDpd: step.atDpd,
      channels: step.actions.map((action) => action.channel),
      status,
      ...(status === 'done' && { outcome }),
      ...(reason && { reason }),
    };
  });
}

export async function caseParticulars(deps: Pick<CaseServices, 'database' | 'loans' | 'strategies'>, view: CaseView): Promise<CaseParticulars> {
  const [record, payments, contacts] = await Promise.all([deps.loans.get(view.loanId), paymentsReceived(deps, view.loanId), contactAttempts(deps, view)]);
  const [ladder, optOuts] = await Promise.all([
    ladderOf(deps, view, record?.loan.debtor.country),
    record ? optOutRegistry(deps.database).of(record.loan.debtor.debtorRef) : [],
  ]);
  const loan = record?.loan;
  return {
    loan: loan
      ? {
          principal: loan.principal,
          outstanding: loan.outstanding,
          currency: loan.currency,
          product: loan.product,
          installments: loan.installments,
          lastPaymentDate: loan.lastPaymentDate ?? null,
          debtor: { country: loan.debtor.country, timeZone: loan.debtor.timeZone, locale: loan.debtor.locale },
        }
      : null,
    contact: record?.contact ? maskContact(record.contact) : null,
    ladder,
    payments,
    contacts,
    optOuts: optOuts.map(debtorOptOut),
  };
}
