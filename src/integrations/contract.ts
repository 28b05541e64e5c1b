// Shapes every provider contract shares. The sandbox validates requests with the
// same schemas the clients are typed by, so the two cannot drift apart.
import { z } from 'zod';
import { isoDateSchema, minorUnitsSchema } from '../domain/loan';

export { isoDateSchema, minorUnitsSchema };

/** Channels backed by an external provider; phone calls and field visits are work-queue tasks instead. */
export const CHANNELS = ['sms', 'letter', 'agency', 'court', 'email', 'app-push', 'im', 'payment'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels whose providers speak HTTP; e-mail speaks SMTP (the sandbox's on SANDBOX_SMTP_PORT). */
export type HttpChannel = Exclude<Channel, 'email'>;

/** Where each HTTP channel lives on the sandbox provider server. */
export const SANDBOX_PREFIXES: Record<HttpChannel, string> = {
  sms: '/sms',
  letter: '/letters',
  agency: '/agency',
  court: '/court',
  'app-push': '/push',
  im: '/im',
  payment: '/payments',
};

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as CNY');
export const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number such as +8613800138000');
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as CN');
export const nameSchema = z.string().min(1).max(200);
export const addressLinesSchema = z.array(z.string().min(1).max(200)).min(1).max(6);
/** Where a provider posts status changes; only http(s). */
export const callbackUrlSchema = z.url({ protocol: /^https?$/ });
/** A link in a message to the debtor (the payment page, the opt-out): only http(s). */
export const debtorLinkSchema = z.url({ protocol: /^https?$/ }).max(4096);

export const postalAddressSchema = z.strictObject({ lines: addressLinesSchema, country: countrySchema });
export type PostalAddress = z.infer<typeof postalAddressSchema>;

/** What a provider answers when it takes a message to a debtor for delivery. */
export const messageAcceptedSchema = z.object({ providerMessageId: z.string().min(1), status: z.literal('accepted') });
export type MessageAccepted = z.infer<typeof messageAcceptedSchema>;

/**
 * Every write carries a key derived from the case's workflow id and the action's
 * sequence number: the provider returns the first result for a repeated key.
 */
export interface Idempotent {
  idempotencyKey: string;
}
