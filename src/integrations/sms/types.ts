// The SMS channel's contract: what we send, what the provider answers.
import { z } from 'zod';
import { LOCALES } from '../../domain/loan';
import { callbackUrlSchema, phoneSchema, type Idempotent } from '../contract';
import { SMS_TEMPLATE_IDS } from './templates';

export const smsMessageSchema = z.strictObject({
  to: phoneSchema,
  templateId: z.enum(SMS_TEMPLATE_IDS),
  locale: z.enum(LOCALES),
  variables: z.record(z.string(), z.union([z.string().max(200), z.number()])),
  /** Receives an SmsStatus when the message is delivered or fails. */
  callbackUrl: callbackUrlSchema.optional(),
});
export type SmsMessage = z.infer<typeof smsMessageSchema>;
export type SmsSendRequest = Idempotent & SmsMessage;

export const smsAcceptedSchema = z.object({ providerMessageId: z.string().min(1), status: z.literal('accepted') });
export type SmsAccepted = z.infer<typeof smsAcceptedSchema>;

export const SMS_STATUSES = ['accepted', 'delivered', 'failed'] as const;
export const smsStatusSchema = z.object({
  providerMessageId: z.string().min(1),
  status: z.enum(SMS_STATUSES),
  /** Why a message failed, as a code such as UNREACHABLE. */
  reason: z.string().optional(),
});
/** Returned by getStatus and posted to callbackUrl. */
export type SmsStatus = z.infer<typeof smsStatusSchema>;

export interface SmsProvider {
  send(request: SmsSendRequest): Promise<SmsAccepted>;
  getStatus(providerMessageId: string): Promise<SmsStatus>;
}
