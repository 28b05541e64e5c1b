// One payment a debtor makes on the self-service page: charge the card, then
// record the payment on the loan and tell the case. Its id comes from the case and
// the form's submission id (selfServicePaymentId), so the same form sent twice is
// one workflow; the charge's idempotency key is that id, and the payment's
// reference is the charge id, which the ledger applies once. A worker that dies
// between the two leaves the workflow to the next worker, which records the
// payment: the debtor is charged once and the loan paid once.
import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SelfServicePaymentActivities, SelfServicePaymentInput, SelfServicePaymentResult } from '../domain';

const payments = proxyActivities<SelfServicePaymentActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function selfServicePayment(input: SelfServicePaymentInput): Promise<SelfServicePaymentResult> {
  const { amount, currency } = input;
  let charge;
  try {
    charge = await payments.chargeDebtor({ idempotencyKey: workflowInfo().workflowId, amount, currency, reference: input.caseId, method: input.method });
  } catch (error) {
    // A refusal no retry can fix (a bad request, say): nothing was charged.
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      return { status: 'failed', amount, currency, reason: error.cause.type ?? 'PROVIDER_REJECTED' };
    }
    throw error;
  }
  if (charge.status === 'declined') return { status: 'declined', chargeId: charge.chargeId, amount, currency, reason: charge.reason ?? 'declined' };
  const { outstanding } = await payments.recordSelfServicePayment({ loanId: input.loanId, amount, date: input.date, chargeId: charge.chargeId });
  return { status: 'paid', chargeId: charge.chargeId, amount, currency, outstanding };
}
