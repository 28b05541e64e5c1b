// The selfServicePayment workflow's activities: the charge at the payment provider
// and the payment's recording through the same use case the loan system's payments
// take (payments.ts), which applies a reference once and tells the case.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type mongoose from 'mongoose';
import { DEBTOR_WEB_ACTOR, type SelfServicePaymentActivities } from '../domain';
import { loanBook } from '../db/loans';
import { paymentLedger } from '../db/payments';
import { ProviderError, type PaymentProvider } from '../integrations';
import { recordPayment } from './payments';

export function createSelfServicePaymentActivities(connection: mongoose.Connection, provider: PaymentProvider): SelfServicePaymentActivities {
  const loans = loanBook(connection);
  const payments = paymentLedger(connection);
  return {
    async chargeDebtor(request) {
      try {
        return await provider.charge(request);
      } catch (error) {
        if (error instanceof ProviderError && !error.retryable) throw ApplicationFailure.nonRetryable(error.message, error.code);
        throw error;
      }
    },

    async recordSelfServicePayment({ loanId, amount, date, chargeId }) {
      const services = { temporal: Context.current().client, loans, payments };
      const recorded = await recordPayment(services, loanId, { amount, date, reference: chargeId }, DEBTOR_WEB_ACTOR);
      return { outstanding: recorded.outstanding };
    },
  };
}
