// The loan book, one loan at a time: a loan put as the loan system sends it,
// whose open case hears the change (without the contact details), and a loan
// read back with its days past due now.
import { bucketFor, daysPastDue, type Loan } from '../domain';
import type { DebtorContact, LoanBookRecord, LoanEntry, UpsertOutcome } from '../db/loans';
import { maskContact } from '../security/redact';
import { sendLoanChanges } from './loan-changes';
import type { CaseServices } from './services';

export class LoanNotFoundError extends Error {
  override name = 'LoanNotFoundError';
  readonly code = 'LOAN_NOT_FOUND';

  constructor(readonly loanId: string) {
    super(`Loan ${loanId} is not in the loan book`);
  }
}

/** The entry's loan is another loan than the one it was put under. */
export class LoanIdMismatchError extends Error {
  override name = 'LoanIdMismatchError';
  readonly code = 'LOAN_ID_MISMATCH';

  constructor(readonly loanId: string) {
    super(`The loan's loanId must equal the loan id it is put under, ${loanId}`);
  }
}

export interface LoanView {
  loanId: string;
  loan: Loan;
  contact?: DebtorContact;
  daysPastDue: number;
  bucket: string;
  oldestUnpaidDueDate: string | null;
  updatedAt: string;
}

export interface LoanPut extends LoanView {
  outcome: UpsertOutcome;
  /** Whether the loan's open case heard the change. */
  caseNotified: boolean;
}

function loanView(record: LoanBookRecord, businessNowMs: number): LoanView {
  const dpd = daysPastDue(record.loan.installments, businessNowMs);
  return {
    loanId: record.loanId,
    loan: record.loan,
    ...(record.contact ? { contact: record.contact } : {}),
    daysPastDue: dpd,
    bucket: bucketFor(dpd).name,
    oldestUnpaidDueDate: record.oldestUnpaidDueDate,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/**
 * Creates or replaces the loan in the loan book and sends a change to its open
 * case. If the workflow service fails, the loan stays marked, so putting the
 * same entry again finishes telling the case.
 */
export async function putLoan(services: Pick<CaseServices, 'temporal' | 'loans' | 'businessNow'>, loanId: string, entry: LoanEntry): Promise<LoanPut> {
  if (entry.loan.loanId !== loanId) throw new LoanIdMismatchError(loanId);
  const { outcomes: [outcome], caseUpdates } = await services.loans.upsert([entry]);
  const caseNotified = (await sendLoanChanges(services.temporal, services.loans, caseUpdates)) > 0;
  const record = await services.loans.get(loanId);
  if (!record) throw new Error(`loan ${loanId} was upserted but cannot be read back`);
  return { ...loanView(record, services.businessNow()), outcome, caseNotified };
}

/**
 * The loan as the loan book holds it, with its days past due in business time
 * now, and the debtor's contact details masked: a supervisor sees them whole
 * only through a case's reveal, which is recorded (contact-reveal.ts).
 */
export async function readLoan(services: Pick<CaseServices, 'loans' | 'businessNow'>, loanId: string): Promise<LoanView> {
  const record = await services.loans.get(loanId);
  if (!record) throw new LoanNotFoundError(loanId);
  const view = loanView(record, services.businessNow());
  return view.contact ? { ...view, contact: maskContact(view.contact) } : view;
}
