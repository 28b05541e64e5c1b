// The app-push channel's contract: a notification through the lender's push
// gateway to one app user. Its title and body show on a locked screen, where
// anyone may read them, so they never name the debt; what is owed is behind the
// link, which opens the payment page after the debtor is in the app.
import { z } from 'zod';
import { debtorLinkSchema, type Idempotent, type MessageAccepted } from '../contract';

export const pushMessageSchema = z.strictObject({
  /** The lender's app user id (the loan book's appUserId). */
  to: z.string().min(1).max(128),
  title: z.string().min(1).max(100),
  body: z.string().min(1).max(1000),
  /** Opened when the debtor taps the notification: the payment page. */
  url: debtorLinkSchema,
  /** Shown as the notification's opt-out action (Reg F § 1006.6(e)); the body names it too. */
  optOutUrl: debtorLinkSchema,
});
export type PushMessage = z.infer<typeof pushMessageSchema>;
export type PushSendRequest = Idempotent & PushMessage;

export interface PushProvider {
  send(request: PushSendRequest): Promise<MessageAccepted>;
}
