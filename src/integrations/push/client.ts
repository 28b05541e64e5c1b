import { messageAcceptedSchema } from '../contract';
import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import type { PushProvider, PushSendRequest } from './types';

export class PushHttpClient implements PushProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('app-push', endpoint);
  }

  send({ idempotencyKey, ...message }: PushSendRequest) {
    return this.http.post('/notifications', message, idempotencyKey, messageAcceptedSchema);
  }
}
