// Sandbox push gateway and messaging platform: each accepts a message for one
// user and records it with the text the debtor's device or chat shows. Like the
// SMS sandbox's test numbers, a recipient id starting with "unknown-" is refused
// at once (404 USER_NOT_FOUND: the app was removed, the account closed).
import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { HttpChannel } from '../contract';
import { renderImMessage } from '../im/templates';
import { imMessageSchema } from '../im/types';
import { pushMessageSchema } from '../push/types';
import { providerWrite } from './idempotency';
import { SandboxRejection } from './rejections';
import type { SandboxState } from './state';

export const UNKNOWN_USER_PREFIX = 'unknown-';

interface MessageKind<T> {
  channel: HttpChannel;
  schema: z.ZodType<T>;
  idPrefix: string;
  recipient(message: T): string;
  /** What the debtor's device or chat shows. */
  text(message: T): string;
}

function acceptMessage<T>(state: SandboxState, kind: MessageKind<T>): RequestHandler {
  return providerWrite(state, kind.channel, kind.schema, (message, idempotencyKey) => {
    if (kind.recipient(message).startsWith(UNKNOWN_USER_PREFIX)) throw new SandboxRejection(404, 'USER_NOT_FOUND', 'no such user');
    const providerMessageId = `${kind.idPrefix}_${randomUUID()}`;
    const record = { operation: 'send' as const, id: providerMessageId, idempotencyKey, request: message, text: kind.text(message), at: new Date().toISOString() };
    state.sent[kind.channel].push(record);
    return { status: 201, body: { providerMessageId, status: 'accepted' } };
  });
}

export function pushRoutes(state: SandboxState): Router {
  return Router().post(
    '/notifications',
    acceptMessage(state, {
      channel: 'app-push',
      schema: pushMessageSchema,
      idPrefix: 'push',
      recipient: (message) => message.to,
      text: (message) => `${message.title}\n${message.body}`,
    }),
  );
}

export function imRoutes(state: SandboxState): Router {
  return Router().post(
    '/template-messages',
    acceptMessage(state, {
      channel: 'im',
      schema: imMessageSchema,
      idPrefix: 'im',
      recipient: (message) => message.touser,
      text: (message) => renderImMessage(message.template_id, message.lang, message.data, message.url),
    }),
  );
}
