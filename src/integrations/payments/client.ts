import type { ChargeRequest } from '../../domain';
import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import { chargeOutcomeSchema, type Charge, type PaymentProvider } from './types';

export class PaymentHttpClient implements PaymentProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('payment', endpoint);
  }

  /** Copies field by field, so nothing else on the caller's objects reaches the provider. */
  charge({ idempotencyKey, amount, currency, reference, method }: ChargeRequest) {
    const charge: Charge = { amount, currency, reference, method: { type: method.type, number: method.number } };
    return this.http.post('/charges', charge, idempotencyKey, chargeOutcomeSchema);
  }
}
