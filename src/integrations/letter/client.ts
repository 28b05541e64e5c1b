import { ProviderHttpClient, type ProviderEndpoint } from '../http-client';
import { letterAcceptedSchema, letterStatusSchema, type LetterProvider, type LetterSendRequest } from './types';

export class LetterHttpClient implements LetterProvider {
  private readonly http: ProviderHttpClient;

  constructor(endpoint: ProviderEndpoint) {
    this.http = new ProviderHttpClient('letter', endpoint);
  }

  send({ idempotencyKey, recipient, letterType, rendered }: LetterSendRequest) {
    const letter = {
      recipient: { name: recipient.name, addressLines: recipient.addressLines, country: recipient.country },
      letterType,
      rendered: { subject: rendered.subject, body: rendered.body },
    };
    return this.http.post('/mailings', letter, idempotencyKey, letterAcceptedSchema);
  }

  getStatus(trackingId: string) {
    return this.http.get(`/mailings/${encodeURIComponent(trackingId)}`, letterStatusSchema);
  }
}
