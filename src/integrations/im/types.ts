// The messaging channel's contract: a WeChat-style template message to one user
// of the platform (touser, the debtor's open id), its fields filled by us.
import { z } from 'zod';
import { debtorLinkSchema, type Idempotent, type MessageAccepted } from '../contract';
import { IM_FIELDS, IM_LANGS, IM_TEMPLATE_IDS, type ImField } from './templates';

const fieldSchema = z.strictObject({ value: z.string().min(1).max(1000) });

export const imMessageSchema = z.strictObject({
  /** The debtor's open id on the platform (the loan book's imId). */
  touser: z.string().min(1).max(128),
  template_id: z.enum(IM_TEMPLATE_IDS),
  lang: z.enum(IM_LANGS),
  /** Opened from the message's "details": the payment page. */
  url: debtorLinkSchema,
  /** Every field the template has; remark carries the opt-out link (Reg F § 1006.6(e)). */
  data: z.strictObject(Object.fromEntries(IM_FIELDS.map((field) => [field, fieldSchema])) as Record<ImField, typeof fieldSchema>),
});
export type ImMessage = z.infer<typeof imMessageSchema>;
export type ImSendRequest = Idempotent & ImMessage;

export interface ImProvider {
  send(request: ImSendRequest): Promise<MessageAccepted>;
}
