// A debtor's reply to one of our text messages, posted by the SMS provider: it is
// kept once (its words, the message it answers), read for the overdue reason it
// names (a menu choice or the debtor's words, DEFAULT_REPLY_KEYWORDS), and the case
// hears it, recording the reason with the debtor as its source; what the strategy
// says the reason does follows from there. A reply naming no reason is kept and
// noted on the case all the same. A reply of STOP, TD or 退订 is also the debtor's
// opt-out of text messages, recorded once under the debtorRef the answered message
// went out for; the guard denies the next text from then on.
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { contactLog } from '../db/contacts';
import { debtorReplies, type DebtorReplyRecord } from '../db/debtor-replies';
import { optOutRegistry } from '../db/opt-outs';
import { reasonOfReply, type ReplyKeywords } from '../domain';
import { debtorReply } from '../workflows/collection-case/messages';
import { signalCase } from './case-handles';

/** Not strict: a provider may add fields of its own. */
export const smsReplySchema = z.object({
  messageId: z.string().trim().min(1).max(200).describe("The provider's id of the reply"),
  inReplyTo: z.string().trim().min(1).max(200).describe('The idempotency key we sent the answered message with (the client reference the provider echoes)'),
  text: z.string().max(2000).describe("The debtor's words"),
  receivedAt: z.iso.datetime({ offset: true }).describe('When the provider received it, business time'),
});
export type SmsReply = z.infer<typeof smsReplySchema>;

/** The replies that stop text messages, as SMS senders in the US (STOP) and China (TD, 退订) read them. */
export const STOP_REPLY_WORDS = ['STOP', 'TD', '退订'] as const;

/** The reply is only a stop word, whatever its case, spacing or closing punctuation. */
export function isStopReply(text: string): boolean {
  const word = text.trim().replace(/[.!。！]+$/u, '').trim().toUpperCase();
  return (STOP_REPLY_WORDS as readonly string[]).includes(word);
}

export class UnknownMessageError extends Error {
  override name = 'UnknownMessageError';
  readonly code = 'MESSAGE_NOT_FOUND';
}

export interface ReplyReceived {
  caseId: string;
  loanId: string;
  /** The overdue reason the reply names, and what in it matched; null when it names none. */
  reason: { code: string; matched: string } | null;
  /** True when the same reply was posted before: nothing changed. */
  duplicate: boolean;
  /** False when the case had closed: the reply is kept all the same. */
  caseNotified: boolean;
  /** Present when the reply was a stop word: the text-message opt-out that stands (business time), and whether this reply recorded it. */
  smsOptOut?: { at: string; recorded: boolean };
}

export async function receiveSmsReply(
  client: Client,
  connection: mongoose.Connection,
  body: unknown,
  keywords?: ReplyKeywords,
): Promise<ReplyReceived> {
  const reply = smsReplySchema.parse(body);
  const answered = await contactLog(connection).find(reply.inReplyTo);
  if (!answered || answered.channel !== 'sms' || answered.status !== 'sent') {
    throw new UnknownMessageError(`No text message went out under ${reply.inReplyTo}: a reply answers one of ours`);
  }
  const found = reasonOfReply(reply.text, keywords);
  const { reply: kept, duplicate } = await debtorReplies(connection).keep({
    _id: `sms:${reply.messageId}`,
    channel: 'sms',
    messageId: reply.messageId,
    inReplyTo: reply.inReplyTo,
    caseId: answered.caseId,
    loanId: answered.loanId,
    text: reply.text,
    receivedAt: new Date(reply.receivedAt),
    ...(found && { code: found.code, matched: found.matched }),
    recordedAt: new Date(),
  });
  const reason = kept.code && kept.matched !== undefined ? { code: kept.code, matched: kept.matched } : null;
  const smsOptOut = isStopReply(kept.text) ? await optOutOfTexts(connection, answered, kept) : undefined;
  // Told again on a repeat: the case counts each reference once, and a first telling may have been lost.
  const caseNotified = await signalCase(client, kept.caseId, debtorReply, {
    channel: 'sms',
    reference: kept._id,
    ...(reason && { code: reason.code, matched: reason.matched }),
  });
  return { caseId: kept.caseId, loanId: kept.loanId, reason, duplicate, caseNotified, ...(smsOptOut && { smsOptOut }) };
}

/** Recorded under the debtor the answered message went out for, at the business time the provider received the reply. */
async function optOutOfTexts(connection: mongoose.Connection, answered: { debtorRef: string }, reply: DebtorReplyRecord) {
  const { optOut, recorded } = await optOutRegistry(connection).record(answered.debtorRef, 'sms', {
    at: reply.receivedAt,
    method: 'sms-reply',
    caseId: reply.caseId,
    loanId: reply.loanId,
    messageKey: reply.inReplyTo,
    actor: 'debtor',
  });
  return { at: optOut.at.toISOString(), recorded };
}
