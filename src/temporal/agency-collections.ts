// Money an agency collects reaches the loan as a payment: the agency posts a
// report to AGENCY_CALLBACK_URL, and this records it once per reference in the
// payment ledger, allocates it in the loan book and tells the case, which applies
// each reference once. A repeated report changes nothing.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { contactLog } from '../db/contacts';
import { loanBook } from '../db/loans';
import { paymentLedger } from '../db/payments';
import { agencyCollectionSchema } from '../integrations/agency/types';
import { paymentReceived } from '../workflows/collection-case/messages';

export const agencyCollectionReportSchema = z.object({
  event: z.literal('collection-reported'),
  placementRef: z.string().min(1),
  collection: agencyCollectionSchema,
});

export class UnknownPlacementError extends Error {
  override name = 'UnknownPlacementError';
  readonly code = 'PLACEMENT_NOT_FOUND';
}

export interface CollectionReceived {
  caseId: string;
  loanId: string;
  /** The payment's reference: the placement and the agency's own reference. */
  reference: string;
  /** False when the case had closed already; the payment is recorded all the same. */
  caseNotified: boolean;
}

/** Takes an agency's collection report (the callback body, validated here) and applies it as a payment. */
export async function receiveAgencyCollection(client: Client, connection: mongoose.Connection, body: unknown): Promise<CollectionReceived> {
  const { placementRef, collection } = agencyCollectionReportSchema.parse(body);
  const placement = await contactLog(connection).byProviderRef('agency', placementRef);
  if (!placement) throw new UnknownPlacementError(`no placement ${placementRef}`);
  const { caseId, loanId } = placement;
  const reference = `agency:${placementRef}:${collection.reference}`;
  const payment = { reference, amount: collection.amount, date: collection.date };

  const ledger = paymentLedger(connection);
  const { record } = await ledger.record({ ...payment, loanId, receivedBy: `agency:${placementRef}` });
  if (!record.appliedAt) {
    const applied = await loanBook(connection).applyPayment(loanId, payment);
    if (applied) await ledger.markApplied(reference, applied.surplus);
  }
  try {
    await client.workflow.getHandle(caseId).signal(paymentReceived, payment);
    return { caseId, loanId, reference, caseNotified: true };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { caseId, loanId, reference, caseNotified: false };
    throw error;
  }
}
