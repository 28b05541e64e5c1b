import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import { smsAcceptedSchema, smsStatusSchema, type SmsProvider, type SmsSendRequest } from './types';

export class SmsHttpClient implements SmsProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('sms', endpoint);
  }

  send({ idempotencyKey, to, templateId, locale, variables, callbackUrl }: SmsSendRequest) {
    const message = { to, templateId, locale, variables, callbackUrl };
    return this.http.post('/messages', message, idempotencyKey, smsAcceptedSchema);
  }

  getStatus(providerMessageId: string) {
    return this.http.get(`/messages/${encodeURIComponent(providerMessageId)}`, smsStatusSchema);
  }
}
