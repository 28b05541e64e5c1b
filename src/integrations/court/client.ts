import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import {
  filingStatusSchema,
  filingSubmittedSchema,
  type CourtFilingProvider,
  type CourtFilingRequest,
  type Party,
} from './types';

export class CourtFilingHttpClient implements CourtFilingProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('court', endpoint);
  }

  /** Copies field by field, so extra properties on the caller's objects are never filed. */
  file({ idempotencyKey, caseRef, package: claim }: CourtFilingRequest) {
    const filing = {
      caseRef,
      package: {
        claimant: party(claim.claimant),
        defendant: party(claim.defendant),
        amountClaimed: claim.amountClaimed,
        currency: claim.currency,
        documents: claim.documents.map(({ type, title }) => ({ type, title })),
      },
    };
    return this.http.post('/filings', filing, idempotencyKey, filingSubmittedSchema);
  }

  getStatus(filingId: string) {
    return this.http.get(`/filings/${encodeURIComponent(filingId)}`, filingStatusSchema);
  }
}

function party({ name, address }: Party): Party {
  return { name, address: { lines: address.lines, country: address.country } };
}
