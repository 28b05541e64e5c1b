// What agencies report on their placements. Each collection an agency makes is
// posted here (the placement's callbackUrl, AGENCY_CALLBACK_URL), recorded once per
// agency reference, allocated to the loan and sent to the case; each contact
// attempt it makes is logged as the agency's, so the compliance guard counts it
// with the lender's. An agency may post the same report again: nothing changes.
// An agency reports on its own placements only: its token names it (`agency`
// claim), and the placement names the agency it was made with.
import { z } from 'zod';
import {
  agencyCollectionReportSchema,
  CollectionConflictError,
  PlacementNotYoursError,
  receiveAgencyCollection,
  UnknownPlacementError,
  type PlacementReporter,
} from '../../cases/agency-collections';
import { agencyContactReportSchema, ContactConflictError, ContactInFutureError, receiveAgencyContact } from '../../cases/agency-contacts';
import { placementRefFor } from '../../domain';
import type { Principal } from '../../security/auth';
import { CASE_VIEW_EXAMPLE } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';

/** Where agencies post collections: AGENCY_CALLBACK_URL is the API's address followed by this path. */
export const AGENCY_CALLBACK_PATH = '/v1/agency/collections';

const IDENTITY =
  'The agency is the one the token names in its `agency` claim; it reports on placements made with that agency only ' +
  '(403 PLACEMENT_NOT_YOURS for another\'s, 403 AGENCY_NOT_IDENTIFIED for a token that names none). An admin may ' +
  'report for any agency.';

/** The placement a supervisor made of the example case (see assign-agency). */
const PLACEMENT_REF = placementRefFor(CASE_VIEW_EXAMPLE.caseId, 8);
const CASE_REF = { caseId: CASE_VIEW_EXAMPLE.caseId, loanId: CASE_VIEW_EXAMPLE.loanId };
const NOT_YOURS = {
  summary: 'A placement made with another agency',
  value: {
    error: {
      code: 'PLACEMENT_NOT_YOURS' as const,
      message: `Placement ${PLACEMENT_REF} was not made with agency northgate-credit: an agency reports on its own placements only`,
    },
  },
};

/** Who is reporting: the agency the token names, or an admin for any agency. */
function reporterOf(principal: Principal): PlacementReporter {
  if (principal.agency) return { agency: principal.agency };
  if (principal.roles.includes('admin')) return { admin: principal.subject };
  throw new ApiError('AGENCY_NOT_IDENTIFIED', 'The token names no agency: an agency\'s token carries an `agency` claim with its name, as placements name it');
}

/** The API's answer to a report on a placement the reporter may not, or cannot, report on. */
function placementError(error: unknown): unknown {
  if (error instanceof UnknownPlacementError) return new ApiError('PLACEMENT_NOT_FOUND', error.message);
  if (error instanceof PlacementNotYoursError) return new ApiError('PLACEMENT_NOT_YOURS', error.message);
  return error;
}

export function agencyRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: AGENCY_CALLBACK_PATH,
    tag: 'agency',
    summary: 'An agency reports money it collected on a placement',
    description:
      'The body is the report agencies post to a placement\'s callbackUrl. The payment is recorded under the reference ' +
      '`agency:<placementRef>:<collection.reference>`, allocated to the loan\'s oldest installments and sent to the case. ' +
      'Idempotent: the same report again answers 200 with the same result and changes nothing; the same agency reference ' +
      `with another amount or date is 409. Fields this API does not know are ignored, so an agency may add its own. ${IDENTITY}`,
    roles: ['agency'],
    body: agencyCollectionReportSchema,
    response: {
      status: 200,
      description: 'Recorded (or recorded before); `caseNotified` is false when the case had closed',
      schema: z.object({ caseId: z.string(), loanId: z.string(), reference: z.string(), caseNotified: z.boolean() }),
    },
    errors: ['AGENCY_NOT_IDENTIFIED', 'PLACEMENT_NOT_YOURS', 'PLACEMENT_NOT_FOUND', 'PAYMENT_REFERENCE_CONFLICT'],
    examples: {
      request: {
        collection: {
          summary: 'Half an installment collected on the example case\'s placement',
          value: { event: 'collection-reported', placementRef: PLACEMENT_REF, collection: { amount: 105_000, date: '2026-12-03', reference: 'EB-COL-20261203-17' } },
        },
      },
      response: {
        recorded: {
          summary: 'Recorded under the agency\'s reference and sent to the case',
          value: { ...CASE_REF, reference: `agency:${PLACEMENT_REF}:EB-COL-20261203-17`, caseNotified: true },
        },
      },
      error: NOT_YOURS,
    },
    async handler({ body, principal }) {
      try {
        return { body: await receiveAgencyCollection(context.temporal, context.database, body, reporterOf(principal)) };
      } catch (error) {
        if (error instanceof CollectionConflictError) throw new ApiError('PAYMENT_REFERENCE_CONFLICT', error.message);
        throw placementError(error);
      }
    },
  });

  api.route({
    method: 'post',
    path: '/v1/agency/contacts',
    tag: 'agency',
    summary: 'An agency reports a contact attempt it made on a placement',
    description:
      'Calls, visits and messages the agency made to the debtor, with what came of them. They go into the contact log as ' +
      'the agency\'s, and the compliance guard counts them with the lender\'s: under NIFA, 3 connected calls a day per ' +
      'debtor across the lender and its agencies, so the agency\'s connected calls (`connected`, `conversation`) leave ' +
      'fewer for the lender\'s agents that local day. Idempotent per `reference`: the same report again answers 200 with ' +
      '`duplicate: true`; the same reference with another channel, time or outcome is 409. An attempt dated after now (business time) is ' +
      `422 CONTACT_IN_FUTURE. Fields this API does not know are ignored. ${IDENTITY}`,
    roles: ['agency'],
    body: agencyContactReportSchema,
    response: {
      status: 200,
      description: 'Logged (or logged before)',
      schema: z.object({ caseId: z.string(), loanId: z.string(), contactId: z.string(), duplicate: z.boolean() }),
    },
    errors: ['AGENCY_NOT_IDENTIFIED', 'PLACEMENT_NOT_YOURS', 'PLACEMENT_NOT_FOUND', 'CONTACT_REFERENCE_CONFLICT', 'CONTACT_IN_FUTURE'],
    examples: {
      request: {
        call: {
          summary: 'A call that reached the debtor: it counts toward the day\'s connected calls',
          value: { placementRef: PLACEMENT_REF, reference: 'EB-CALL-20261202-0931', channel: 'phone', at: '2026-12-02T09:31:00+08:00', outcome: 'connected' },
        },
      },
      response: {
        logged: { summary: 'Logged as the agency\'s', value: { ...CASE_REF, contactId: `${PLACEMENT_REF}:contact:EB-CALL-20261202-0931`, duplicate: false } },
      },
      error: NOT_YOURS,
    },
    async handler({ body, principal }) {
      try {
        return { body: await receiveAgencyContact(context.database, body, reporterOf(principal), context.businessNow()) };
      } catch (error) {
        if (error instanceof ContactConflictError) throw new ApiError('CONTACT_REFERENCE_CONFLICT', error.message);
        if (error instanceof ContactInFutureError) throw new ApiError('CONTACT_IN_FUTURE', error.message);
        throw placementError(error);
      }
    },
  });
}
