// The provider side of the channels: one interface per channel, an HTTP client
// for each, and createProviders to wire them from configuration.
import { ConfigError, type Config } from '../config';
import { AgencyHttpClient } from './agency/client';
import type { AgencyProvider } from './agency/types';
import { SANDBOX_PREFIXES, type HttpChannel } from './contract';
import { CourtFilingHttpClient } from './court/client';
import type { CourtFilingProvider } from './court/types';
import type { ProviderEndpoint } from './http-client';
import { LetterHttpClient } from './letter/client';
import { PaymentHttpClient } from './payments/client';
import type { PaymentProvider } from './payments/types';
import type { LetterProvider } from './letter/types';
import { SmsHttpClient } from './sms/client';
import type { SmsProvider } from './sms/types';
import { EmailSmtpClient } from './email/client';
import type { EmailProvider } from './email/types';
import { PushHttpClient } from './push/client';
import type { PushProvider } from './push/types';
import { ImHttpClient } from './im/client';
import type { ImProvider } from './im/types';

export type { AgencyCollection, AgencyCollectionReport, AgencyProvider } from './agency/types';
export type { CourtFilingProvider, FilingStatus } from './court/types';
export type { LetterProvider, LetterStatus } from './letter/types';
export type { SmsProvider, SmsStatus } from './sms/types';
export type { EmailProvider } from './email/types';
export type { PushProvider } from './push/types';
export type { ImProvider } from './im/types';
export type { PaymentProvider } from './payments/types';
export type { Channel } from './contract';
export type { ProviderEndpoint } from './http-client';
export { isRetryable, ProviderError } from './errors';
export { renderLetter, type LetterFacts } from './letter/render';
export { renderSms, TemplateError } from './sms/templates';

export interface Providers {
  sms: SmsProvider;
  letter: LetterProvider;
  agency: AgencyProvider;
  court: CourtFilingProvider;
  email: EmailProvider;
  'app-push': PushProvider;
  im: ImProvider;
  payment: PaymentProvider;
}

export type ProviderConfig = Pick<
  Config,
  | 'NODE_ENV'
  | 'SANDBOX_PORT'
  | 'SMS_PROVIDER_URL'
  | 'LETTER_PROVIDER_URL'
  | 'AGENCY_PROVIDER_URL'
  | 'COURT_PROVIDER_URL'
  | 'PAYMENT_PROVIDER_URL'
  | 'PROVIDER_API_KEY'
  | 'PROVIDER_TIMEOUT'
  | 'EMAIL_SMTP_URL'
  | 'EMAIL_FROM'
  | 'SANDBOX_SMTP_PORT'
  | 'PUSH_PROVIDER_URL'
  | 'IM_PROVIDER_URL'
>;

/**
 * Builds the clients. A *_PROVIDER_URL left unset points that channel at the
 * local sandbox, http://127.0.0.1:<SANDBOX_PORT>/sms (/letters, /agency, /court,
 * /push, /im, /payments), and EMAIL_SMTP_URL left unset at its SMTP server on
 * SANDBOX_SMTP_PORT, which is what the embedded mode and tests run. In production
 * every URL must be set: contact the sandbox "sent" never reached a debtor, yet
 * would be logged as made.
 */
export function createProviders(config: ProviderConfig): Providers {
  const urls = {
    sms: config.SMS_PROVIDER_URL,
    letter: config.LETTER_PROVIDER_URL,
    agency: config.AGENCY_PROVIDER_URL,
    court: config.COURT_PROVIDER_URL,
    'app-push': config.PUSH_PROVIDER_URL,
    im: config.IM_PROVIDER_URL,
    payment: config.PAYMENT_PROVIDER_URL,
  };
  if (config.NODE_ENV === 'production') {
    const unset = Object.entries(urls).filter(([, url]) => !url);
    if (unset.length > 0 || !config.EMAIL_SMTP_URL) {
      const names = unset.map(([channel]) => `${channel === 'app-push' ? 'PUSH' : channel.toUpperCase()}_PROVIDER_URL`);
      if (!config.EMAIL_SMTP_URL) names.push('EMAIL_SMTP_URL');
      throw new ConfigError(`In production set ${names.join(', ')}; unset provider URLs would go to the sandbox`);
    }
  }
  const endpoint = (channel: HttpChannel): ProviderEndpoint => ({
    baseUrl: urls[channel] ?? `http://127.0.0.1:${config.SANDBOX_PORT}${SANDBOX_PREFIXES[channel]}`,
    apiKey: config.PROVIDER_API_KEY,
    timeoutMs: config.PROVIDER_TIMEOUT,
  });
  return {
    sms: new SmsHttpClient(endpoint('sms')),
    letter: new LetterHttpClient(endpoint('letter')),
    agency: new AgencyHttpClient(endpoint('agency')),
    court: new CourtFilingHttpClient(endpoint('court')),
    email: new EmailSmtpClient({
      url: config.EMAIL_SMTP_URL ?? `smtp://127.0.0.1:${config.SANDBOX_SMTP_PORT}`,
      fromAddress: config.EMAIL_FROM,
      timeoutMs: config.PROVIDER_TIMEOUT,
    }),
    'app-push': new PushHttpClient(endpoint('app-push')),
    im: new ImHttpClient(endpoint('im')),
    payment: new PaymentHttpClient(endpoint('payment')),
  };
}
