// An agency's own contact attempts on a placement: logged once per agency
// reference as the agency's (party 'agency') under the loan and the debtor, so the
// compliance guard counts them with the lender's; NIFA's limit on connected calls
// is per debtor across the lender and its agencies. A connected call that fills
// the debtor's local day takes the lender's other calls out of the queue until
// the next.
import type mongoose from 'mongoose';
import { dailyCallLimitOf, regimeForCountry, type ComplianceRegime } from '../activities/compliance';
import { agencyContactKey, contactLog } from '../db/contacts';
import { dailyCalls } from '../db/daily-calls';
import { loanBook } from '../db/loans';
import { workQueue } from '../db/tasks';
import { localDateTime } from '../domain/compliance';
import { agencyContactSchema } from '../integrations/agency/types';
import { placementFor, type PlacementReporter } from './agency-collections';
import { callDayOf, holdCallsWhenDayFull } from './daily-calls';

/** An agency's report of a contact attempt: the API's request body, and what receiveAgencyContact validates. */
export const agencyContactReportSchema = agencyContactSchema;

/** How far ahead of our clock an agency's clock may run before an attempt reads as not made yet. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The agency reference was reported before with another channel, time or outcome. */
export class ContactConflictError extends Error {
  override name = 'ContactConflictError';
  readonly code = 'CONTACT_REFERENCE_CONFLICT';
}

/** An attempt dated after now: counted, it would hold the debtor's calls on a day that has not come. */
export class ContactInFutureError extends Error {
  override name = 'ContactInFutureError';
  readonly code = 'CONTACT_IN_FUTURE';
}

export interface AgencyContactReceived {
  caseId: string;
  loanId: string;
  /** Our key for the attempt: the placement and the agency's reference. */
  contactId: string;
  /** True when this reference had been reported before, the same. */
  duplicate: boolean;
}

/** Takes an agency's report of a contact attempt (validated here) at business time `nowMs`. */
export async function receiveAgencyContact(
  connection: mongoose.Connection,
  body: unknown,
  reporter: PlacementReporter,
  nowMs: number,
  regimeFor: (country: string) => ComplianceRegime = regimeForCountry,
): Promise<AgencyContactReceived> {
  const report = agencyContactReportSchema.parse(body);
  const placement = await placementFor(connection, report.placementRef, reporter);
  const atMs = Date.parse(report.at);
  if (atMs > nowMs + CLOCK_SKEW_MS) {
    throw new ContactInFutureError(`Contact ${report.reference} is dated ${report.at}, after now (${new Date(nowMs).toISOString()}): report attempts once made`);
  }
  const { caseId, loanId, debtorRef, seq } = placement;
  const loan = await loanBook(connection).get(loanId);
  const { record, created } = await contactLog(connection).recordAgencyContact({
    placementRef: report.placementRef,
    reference: report.reference,
    caseId,
    loanId,
    debtorRef,
    seq,
    channel: report.channel,
    agency: placement.agency,
    contactOutcome: report.outcome,
    at: new Date(atMs),
    // The debtor's hour, for the contact report's right-party rate by hour.
    ...(loan && { localHour: localDateTime(atMs, loan.loan.debtor.timeZone).hour }),
  });
  if (record.channel !== report.channel || record.contactOutcome !== report.outcome || record.at.getTime() !== atMs) {
    throw new ContactConflictError(
      `Contact ${report.reference} on placement ${report.placementRef} was already reported as ${record.channel} ${record.contactOutcome} at ${record.at.toISOString()}`,
    );
  }
  const contactId = agencyContactKey(report.placementRef, report.reference);
  const limit = loan && dailyCallLimitOf(regimeFor(loan.loan.debtor.country).profile, report.channel);
  // Counted on a repeat too (once): a report cut short before it was counted is counted when the agency retries.
  if (loan && limit && (limit.outcomes as readonly string[]).includes(report.outcome)) {
    const debtor = { debtorRef, timeZone: loan.loan.debtor.timeZone };
    const connected = await dailyCalls(connection).countConnected(callDayOf(debtor, atMs, limit).id, contactId);
    await holdCallsWhenDayFull(workQueue(connection), limit, debtor, { connected, dayAtMs: atMs, nowMs });
  }
  return { caseId, loanId, contactId, duplicate: !created };
}
