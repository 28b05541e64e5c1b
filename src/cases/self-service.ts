// The debtor's self-service page (/pay/<token>), as use cases: what the page
// shows (past due now, the balance, a plan awaiting the debtor's yes, an open
// promise), and what the debtor does there, each once per form submission: a
// payment is a selfServicePayment workflow under an id from the case and the
// submission; a promise and a plan acceptance are the case's own commands under
// an update id from the submission.
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import {
  DAY_MS,
  DEBTOR_WEB_ACTOR,
  pastDueOn,
  selfServicePaymentId,
  selfServiceUpdateId,
  type CaseView,
  type Locale,
  type RepaymentPlanView,
  type SelfServicePaymentInput,
  type SelfServicePaymentResult,
} from '../domain';
import type { Logger } from '../logger';
import { isWorkflowNotFound } from '../temporal/errors';
import { selfServicePayment } from '../workflows';
import { runCaseCommand, type CaseCommandDependencies } from './case-commands';
import { caseDetail, CaseNotFoundError, type CaseViewDependencies } from './case-views';
import type { CaseServices } from './services';

export interface PaymentPageFacts {
  caseId: string;
  loanId: string;
  locale: Locale;
  currency: string;
  /** Minor units past due now, and the whole balance. */
  pastDue: number;
  balance: number;
  /** The business day, 'YYYY-MM-DD'. */
  today: string;
  /** The case is open and something is owed: the page takes payments and promises. */
  payable: boolean;
  /** A plan proposed to the debtor, awaiting acceptance. */
  proposedPlan: RepaymentPlanView | null;
  /** The case's open promise to pay, if any. */
  openPromise: { amount: number; date: string } | null;
}

/** The link names a loan the loan book no longer holds. */
export class PaymentPageGoneError extends Error {
  override name = 'PaymentPageGoneError';
}

export type PaymentPageDependencies = CaseViewDependencies & Pick<CaseServices, 'loans'> & { logger: Logger };

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What the page shows for the case and loan of a link, as of now. */
export async function paymentPageFacts(deps: PaymentPageDependencies, link: { caseId: string; loanId: string }): Promise<PaymentPageFacts> {
  const record = await deps.loans.get(link.loanId);
  if (!record) throw new PaymentPageGoneError(`Loan ${link.loanId} is not in the loan book`);
  const view = await caseOf(deps, link.caseId);
  const now = deps.businessNow();
  const { loan } = record;
  const promise = view?.holds.find((hold) => hold.kind === 'promise-to-pay');
  return {
    caseId: link.caseId,
    loanId: link.loanId,
    locale: loan.debtor.locale,
    currency: loan.currency,
    pastDue: pastDueOn(loan.installments, now)?.amount ?? 0,
    balance: loan.outstanding,
    today: isoDay(now),
    payable: view?.status === 'open' && view.loanId === link.loanId && loan.outstanding > 0,
    proposedPlan: view?.status === 'open' && view.repaymentPlan?.status === 'proposed' ? view.repaymentPlan : null,
    // A promise's hold ends at the end of its day.
    openPromise: promise?.amount !== undefined && promise.until ? { amount: promise.amount, date: isoDay(Date.parse(promise.until) - DAY_MS) } : null,
  };
}

async function caseOf(deps: PaymentPageDependencies, caseId: string): Promise<CaseView | undefined> {
  try {
    return (await caseDetail(deps, caseId)).view;
  } catch (error) {
    if (error instanceof CaseNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Starts the payment of one submission of the page's form, or finds the one
 * that submission started: a form sent twice is paid once.
 */
export async function startSelfServicePayment(deps: Pick<CaseServices, 'temporal' | 'taskQueue'>, input: SelfServicePaymentInput, submissionId: string): Promise<void> {
  try {
    await deps.temporal.workflow.start(selfServicePayment, {
      workflowId: selfServicePaymentId(input.caseId, submissionId),
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Whether the submission started a payment already: a form sent again is answered with that payment, whatever the account shows now. */
export async function selfServicePaymentStarted(deps: Pick<CaseServices, 'temporal'>, caseId: string, submissionId: string): Promise<boolean> {
  try {
    await deps.temporal.workflow.getHandle(selfServicePaymentId(caseId, submissionId)).describe();
    return true;
  } catch (error) {
    if (isWorkflowNotFound(error)) return false;
    throw error;
  }
}

export type SelfServicePaymentOutcome = SelfServicePaymentResult | { status: 'processing' } | { status: 'not-found' };

/** The payment of a submission, waiting for it at most waitMs: still processing when it has not finished by then. */
export async function selfServicePaymentOutcome(
  deps: Pick<CaseServices, 'temporal'>,
  caseId: string,
  submissionId: string,
  waitMs: number,
): Promise<SelfServicePaymentOutcome> {
  const handle = deps.temporal.workflow.getHandle<typeof selfServicePayment>(selfServicePaymentId(caseId, submissionId));
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<{ status: 'processing' }>((resolve) => (timer = setTimeout(() => resolve({ status: 'processing' }), waitMs)));
  try {
    return await Promise.race([handle.result(), waited]);
  } catch (error) {
    if (isWorkflowNotFound(error)) return { status: 'not-found' };
    // A payment whose workflow failed is for a person to look at; to the debtor it has not gone through yet.
    if (error instanceof WorkflowFailedError) return { status: 'processing' };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The debtor's promise to pay, made on the page: the case takes one per submission. */
export function promiseFromDebtor(deps: CaseCommandDependencies, caseId: string, promise: { amount: number; date: string }, submissionId: string): Promise<CaseView> {
  return runCaseCommand(deps, caseId, 'promise-to-pay', promise, DEBTOR_WEB_ACTOR, { updateId: selfServiceUpdateId('promise', submissionId) });
}

/** The debtor's yes to the proposed plan, given on the page: the case takes one per submission. */
export function planAcceptedByDebtor(deps: CaseCommandDependencies, caseId: string, submissionId: string): Promise<CaseView> {
  return runCaseCommand(deps, caseId, 'accept-plan', { channel: 'web' }, DEBTOR_WEB_ACTOR, { updateId: selfServiceUpdateId('accept-plan', submissionId) });
}
