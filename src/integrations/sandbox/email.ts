// Sandbox e-mail: an SMTP server that records every message it receives, parsed
// as a mail client shows it, and refuses the next messages to an address on
// request (550 "mailbox unavailable" at RCPT TO: a bounce), as a relay does when
// the mailbox is gone. It keeps one message per Message-ID, the way mailbox
// providers collapse a repeated message, so a retried send records nothing new.
//
//   SMTP on SANDBOX_SMTP_PORT (no TLS, no AUTH: 127.0.0.1 only)
//   /_control/email GET /messages?to=, POST|DELETE /bounces
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import { parseBody } from './rejections';
import type { ReceivedEmail, SandboxState } from './state';

const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface RunningSmtp {
  port: number;
  close(): Promise<void>;
}

class SmtpRefusal extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Takes one use of the bounce armed for the address, if any. */
function takeBounce(state: SandboxState, address: string): number | undefined {
  const index = state.bounces.findIndex((bounce) => bounce.address === address.toLowerCase());
  if (index === -1) return undefined;
  const bounce = state.bounces[index];
  bounce.times -= 1;
  if (bounce.times === 0) state.bounces.splice(index, 1);
  return bounce.reply;
}

/** A header line as sent, its folding undone. */
const headerValue = (line: string) => line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim();

export function startSmtpSandbox(state: SandboxState, port: number, host: string): Promise<RunningSmtp> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    banner: 'arrears sandbox SMTP',
    size: MAX_MESSAGE_BYTES,
    onRcptTo(address, _session, callback) {
      const reply = takeBounce(state, address.address);
      if (reply === undefined) return callback();
      const permanent = reply >= 500;
      callback(new SmtpRefusal(reply, permanent ? 'Requested action not taken: mailbox unavailable' : 'Requested action aborted: try again later'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const messageId = parsed.messageId ?? `<sandbox-${state.sent.email.length + 1}@sandbox>`;
          if (!state.sent.email.some((record) => record.id === messageId)) {
            const email: ReceivedEmail = {
              messageId,
              from: parsed.from?.text ?? '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: parsed.subject ?? '',
              headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, headerValue(line)])),
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            };
            state.sent.email.push({ operation: 'send', id: messageId, idempotencyKey: messageId, request: email, text: email.text, at: new Date().toISOString() });
          }
          callback(null, `Message queued as ${messageId}`);
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error('unreadable message')));
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.server.address() as AddressInfo;
      resolve({ port: bound, close: () => new Promise((closed) => server.close(() => closed())) });
    });
  });
}

const bounceSchema = z.strictObject({
  address: z.email(),
  /** The reply at RCPT TO: 550 (mailbox unavailable) by default; a 4xx refuses for now only. */
  reply: z.number().int().min(400).max(599).default(550),
  times: z.number().int().positive().default(1),
});
const messagesQuerySchema = z.object({ to: z.string().optional() });

/** The control API's e-mail routes: what the SMTP server received, and bounces on demand. */
export function emailControlRoutes(state: SandboxState): Router {
  const router = Router();

  router.get('/messages', (req, res) => {
    const { to } = parseBody(messagesQuerySchema, req.query);
    const messages = state.sent.email.map((record) => record.request as ReceivedEmail).filter((email) => !to || email.to.some((address) => address.toLowerCase() === to.toLowerCase()));
    res.json({ count: messages.length, messages });
  });

  router.post('/bounces', (req, res) => {
    const bounce = parseBody(bounceSchema, req.body);
    state.bounces.push({ ...bounce, address: bounce.address.toLowerCase() });
    res.status(201).json(bounce);
  });

  router.delete('/bounces', (_req, res) => {
    state.bounces = [];
    res.status(204).end();
  });

  return router;
}
