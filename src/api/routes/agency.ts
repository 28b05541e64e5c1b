// The agencies' callback: an agency posts each collection it makes on a
// placement here (the placement's callbackUrl, AGENCY_CALLBACK_URL), and the
// money is recorded once per agency reference, allocated to the loan and sent
// to the case. An agency may post the same report again: nothing changes.
import { z } from 'zod';
import {
  agencyCollectionReportSchema,
  CollectionConflictError,
  receiveAgencyCollection,
  UnknownPlacementError,
} from '../../temporal/agency-collections';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';

/** Where agencies post collections: AGENCY_CALLBACK_URL is the API's address followed by this path. */
export const AGENCY_CALLBACK_PATH = '/v1/agency/collections';

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
      'with another amount or date is 409. Fields this API does not know are ignored, so an agency may add its own.',
    roles: ['agency'],
    body: agencyCollectionReportSchema,
    response: {
      status: 200,
      description: 'Recorded (or recorded before); `caseNotified` is false when the case had closed',
      schema: z.object({ caseId: z.string(), loanId: z.string(), reference: z.string(), caseNotified: z.boolean() }),
    },
    errors: ['PLACEMENT_NOT_FOUND', 'PAYMENT_REFERENCE_CONFLICT'],
    async handler({ body }) {
      try {
        return { body: await receiveAgencyCollection(context.temporal, context.database, body) };
      } catch (error) {
        if (error instanceof UnknownPlacementError) throw new ApiError('PLACEMENT_NOT_FOUND', error.message);
        if (error instanceof CollectionConflictError) throw new ApiError('PAYMENT_REFERENCE_CONFLICT', error.message);
        throw error;
      }
    },
  });
}
