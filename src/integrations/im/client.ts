import { messageAcceptedSchema } from '../contract';
import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import type { ImProvider, ImSendRequest } from './types';

export class ImHttpClient implements ImProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('im', endpoint);
  }

  send({ idempotencyKey, ...message }: ImSendRequest) {
    return this.http.post('/template-messages', message, idempotencyKey, messageAcceptedSchema);
  }
}
