// Money an agency collects reaches the loan as a payment: the agency posts a
// report to AGENCY_CALLBACK_URL, and this records it once per reference in the
// payment ledger, allocates it in the loan book and tells the case, which applies
// each reference once. A repeated report changes nothing; the same reference
// with another amount or date is refused rather than dropped. An agency reports
// on its own placements only: the placement names the agency it was made with.
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { contactLog, type ContactRecord } from '../db/contacts';
import { loanBook } from '../db/loans';
import { paymentLedger } from '../db/payments';
import { agencyCollectionSchema } from '../integrations/agency/types';
import { PaymentReferenceConflictError, recordPayment } from './payments';

/** Not strict: an agency may add fields of its own, and refusing them would leave its money unapplied. */
export const agencyCollectionReportSchema = z.object({
  event: z.literal('collection-reported'),
  placementRef: z.string().min(1),
  collection: agencyCollectionSchema,
});

export class UnknownPlacementError extends Error {
  override name = 'UnknownPlacementError';
  readonly code = 'PLACEMENT_NOT_FOUND';
}

/** The placement was made with another agency than the one reporting on it. */
export class PlacementNotYoursError extends Error {
  override name = 'PlacementNotYoursError';
  readonly code = 'PLACEMENT_NOT_YOURS';
}

/** Who reports on a placement: an agency, on its own placements only, or an admin, for any agency. */
export type PlacementReporter = { agency: string } | { admin: string };

/** The placement under the reference, if the reporter may report on it. */
export async function placementFor(connection: mongoose.Connection, placementRef: string, reporter: PlacementReporter): Promise<ContactRecord> {
  const placement = await contactLog(connection).placement(placementRef);
  if (!placement) throw new UnknownPlacementError(`No placement ${placementRef} was made with an agency`);
  if ('agency' in reporter && placement.agency !== reporter.agency) {
    throw new PlacementNotYoursError(`Placement ${placementRef} was not made with agency ${reporter.agency}: an agency reports on its own placements only`);
  }
  return placement;
}

/** The agency's reference was reported before with another amount or date: applying either silently would lose money. */
export class CollectionConflictError extends Error {
  override name = 'CollectionConflictError';
  readonly code = 'PAYMENT_REFERENCE_CONFLICT';
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
export async function receiveAgencyCollection(
  client: Client,
  connection: mongoose.Connection,
  body: unknown,
  reporter: PlacementReporter,
): Promise<CollectionReceived> {
  const { placementRef, collection } = agencyCollectionReportSchema.parse(body);
  const { caseId, loanId } = await placementFor(connection, placementRef, reporter);
  const reference = `agency:${placementRef}:${collection.reference}`;
  const services = { temporal: client, loans: loanBook(connection), payments: paymentLedger(connection) };
  try {
    const { caseNotified } = await recordPayment(services, loanId, { reference, amount: collection.amount, date: collection.date }, `agency:${placementRef}`);
    return { caseId, loanId, reference, caseNotified };
  } catch (error) {
    if (!(error instanceof PaymentReferenceConflictError)) throw error;
    const { amount, date } = error.recorded;
    throw new CollectionConflictError(`Collection ${collection.reference} on placement ${placementRef} was already reported as ${amount} on ${date}`);
  }
}
