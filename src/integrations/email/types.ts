// The e-mail channel's contract: a rendered message to one address, sent over
// SMTP. SMTP has no Idempotency-Key header: the client derives the Message-ID
// from the action's key instead (see client.ts).
import { z } from 'zod';
import { debtorLinkSchema, nameSchema, type Idempotent } from '../contract';

export const emailMessageSchema = z.strictObject({
  to: z.email().max(254),
  /** The name the message is from (the lender's); the address is EMAIL_FROM. */
  fromName: nameSchema,
  /** Neutral: anyone who sees the inbox sees it, so it never names the debt (NIFA: no disclosure to third parties). */
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(50_000),
  html: z.string().min(1).max(200_000),
  /**
   * The one-click opt-out (Reg F § 1006.6(e)), sent as `List-Unsubscribe: <url>` with
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058); the bodies carry it too.
   */
  unsubscribeUrl: debtorLinkSchema,
});
export type EmailMessage = z.infer<typeof emailMessageSchema>;
export type EmailSendRequest = Idempotent & EmailMessage;

export interface EmailAccepted {
  /** The Message-ID the message went out under, derived from the idempotency key. */
  providerMessageId: string;
  status: 'accepted';
}

export interface EmailProvider {
  send(request: EmailSendRequest): Promise<EmailAccepted>;
}
