// E-mail through an SMTP relay (nodemailer). SMTP answers with reply codes, not
// HTTP statuses: a permanent refusal (5xx, say 550 "mailbox unavailable" at RCPT
// TO, a bounce) will be refused again, so it fails for good and the case falls
// back to the next channel; a transient one (4xx), a timeout or a refused
// connection is worth retrying.
//
// SMTP has no idempotency key. Each message gets a Message-ID derived from the
// action's key, so a retry sends the same message under the same id: the sandbox
// keeps one message per Message-ID, and a relay may drop the duplicate too (many
// mailbox providers collapse repeats of a Message-ID), but nothing in SMTP
// promises it. What does promise it is the contact log: its pending entry makes a
// retry after a crash finish this send rather than start another, and a message
// the relay accepted is marked sent at once.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { ProviderError } from '../errors';
import { emailMessageSchema, type EmailAccepted, type EmailProvider, type EmailSendRequest } from './types';

export interface SmtpEndpoint {
  /** smtp://user:pass@host:port or smtps://… (EMAIL_SMTP_URL). */
  url: string;
  /** The address messages come from (EMAIL_FROM); its domain names their Message-IDs. */
  fromAddress: string;
  /** Limit on connecting, the greeting and each wait for a reply (PROVIDER_TIMEOUT). */
  timeoutMs: number;
}

/** The Message-ID of the message an action sends: the same for every try, and opaque (it names no case or loan). */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}@${fromAddress.split('@')[1]}>`;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
}

export class EmailSmtpClient implements EmailProvider {
  private readonly transport;

  constructor(private readonly endpoint: SmtpEndpoint) {
    const { timeoutMs } = endpoint;
    this.transport = nodemailer.createTransport({
      url: endpoint.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Messages are built from our text only: nothing in them may make nodemailer read a file or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send({ idempotencyKey, ...message }: EmailSendRequest): Promise<EmailAccepted> {
    const parsed = emailMessageSchema.safeParse(message);
    if (!parsed.success) throw new ProviderError({ channel: 'email', code: 'INVALID_MESSAGE', retryable: false });
    const { to, fromName, subject, text, html, unsubscribeUrl } = parsed.data;
    const { fromAddress } = this.endpoint;
    const messageId = messageIdFor(idempotencyKey, fromAddress);
    try {
      await this.transport.sendMail({
        from: { name: fromName, address: fromAddress },
        to,
        subject,
        text,
        html,
        messageId,
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    } catch (err) {
      throw classify(err as SmtpFailure);
    }
    return { providerMessageId: messageId, status: 'accepted' };
  }

  close(): void {
    this.transport.close();
  }
}

/** A reply code's class decides: 5xx (but 503, a session out of step) for good, the rest worth retrying. */
function classify({ code, responseCode, command }: SmtpFailure): ProviderError {
  if (responseCode && responseCode >= 500 && responseCode !== 503) {
    const refusedRecipient = code === 'EENVELOPE' || /^RCPT/i.test(command ?? '');
    const smtpCode = code === 'EAUTH' ? 'UNAUTHORIZED' : refusedRecipient ? 'MAILBOX_UNAVAILABLE' : 'MESSAGE_REFUSED';
    return new ProviderError({ channel: 'email', code: smtpCode, retryable: false });
  }
  if (responseCode && responseCode >= 400) return new ProviderError({ channel: 'email', code: 'SMTP_TEMPORARY_FAILURE', retryable: true });
  return new ProviderError({ channel: 'email', code: code === 'ETIMEDOUT' ? 'TIMEOUT' : 'NETWORK_ERROR', retryable: true });
}
