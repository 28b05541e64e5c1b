import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import {
  collectionsSchema,
  placementStatusSchema,
  type AgencyPlacementRequest,
  type AgencyProvider,
  type AgencyRecallRequest,
} from './types';

export class AgencyHttpClient implements AgencyProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('agency', endpoint);
  }

  /** Copies field by field, so extra properties on the caller's objects never leave the building. */
  place({ idempotencyKey, placementRef, agency, loanId, debtor, balance, currency, dpd, callbackUrl }: AgencyPlacementRequest) {
    const placement = {
      placementRef,
      agency,
      loanId,
      debtor: {
        name: debtor.name,
        phone: debtor.phone,
        address: { lines: debtor.address.lines, country: debtor.address.country },
      },
      balance,
      currency,
      dpd,
      callbackUrl,
    };
    return this.http.post('/placements', placement, idempotencyKey, placementStatusSchema);
  }

  recall({ idempotencyKey, placementRef, reason }: AgencyRecallRequest) {
    return this.http.post(`${placementPath(placementRef)}/recall`, { reason }, idempotencyKey, placementStatusSchema);
  }

  async collections(placementRef: string) {
    return (await this.http.get(`${placementPath(placementRef)}/collections`, collectionsSchema)).collections;
  }
}

function placementPath(placementRef: string): string {
  return `/placements/${encodeURIComponent(placementRef)}`;
}
