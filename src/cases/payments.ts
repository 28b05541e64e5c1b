// Payments from the loan system: recorded once per reference, allocated to the
// oldest installments in the loan book, and sent to the loan's open case, which
// applies each reference once too. Recording the same payment again is safe.
import { caseIdFor, type PaymentReceived } from '../domain';
import type { PaymentRecord } from '../db/payments';
import { paymentReceived } from '../workflows/collection-case/messages';
import { signalCase } from './case-handles';
import { LoanNotFoundError } from './loans';
import type { CaseServices } from './services';

/** The reference was recorded before for another loan, amount or date: applying either silently would lose money. */
export class PaymentReferenceConflictError extends Error {
  override name = 'PaymentReferenceConflictError';
  readonly code = 'PAYMENT_REFERENCE_CONFLICT';
  constructor(
    message: string,
    /** The payment recorded earlier under the reference. */
    readonly recorded: { loanId: string; amount: number; date: string },
  ) {
    super(message);
  }
}

export interface PaymentView {
  reference: string;
  loanId: string;
  /** Minor units. */
  amount: number;
  date: string;
  receivedAt: string;
  /** What exceeded the unpaid installments, in minor units. */
  surplus: number;
}

export interface PaymentRecorded {
  payment: PaymentView;
  /** The reference was recorded before, with the same loan, amount and date: nothing changed. */
  duplicate: boolean;
  /** The loan's outstanding balance after the payment, minor units. */
  outstanding: number;
  /** Whether the loan's open case heard the payment. */
  caseNotified: boolean;
}

const paymentView = (record: PaymentRecord): PaymentView => ({
  reference: record.reference,
  loanId: record.loanId,
  amount: record.amount,
  date: record.date,
  receivedAt: new Date(record.receivedAt).toISOString(),
  surplus: record.surplus,
});

/**
 * Records the payment under its reference, allocates it in the loan book
 * unless that was done already, and sends it to the loan's open case. A
 * repeated payment finishes what an interrupted one left undone.
 */
export async function recordPayment(
  services: Pick<CaseServices, 'temporal' | 'loans' | 'payments'>,
  loanId: string,
  payment: PaymentReceived,
  receivedBy: string,
): Promise<PaymentRecorded> {
  if (!(await services.loans.get(loanId))) throw new LoanNotFoundError(loanId);
  const { record, duplicate } = await services.payments.record({ ...payment, loanId, receivedBy });
  if (record.loanId !== loanId || record.amount !== payment.amount || record.date !== payment.date) {
    throw new PaymentReferenceConflictError(
      `Payment reference ${payment.reference} was already recorded for loan ${record.loanId}, ${record.amount} on ${record.date}`,
      record,
    );
  }
  let recorded = record;
  if (!record.appliedAt) {
    const applied = await services.loans.applyPayment(loanId, payment);
    if (!applied) throw new LoanNotFoundError(loanId);
    recorded = (await services.payments.markApplied(payment.reference, applied.surplus)) ?? record;
  }
  const caseNotified = await signalCase(services.temporal, caseIdFor(loanId), paymentReceived, {
    amount: payment.amount,
    date: payment.date,
    reference: payment.reference,
  });
  const loan = await services.loans.get(loanId);
  return { payment: paymentView(recorded), duplicate, outstanding: loan?.loan.outstanding ?? 0, caseNotified };
}
