// Sandbox SMS provider. Like real providers' test numbers:
//   +1555000… is refused at once with 400 INVALID_NUMBER;
//   +1555001… is accepted, then fails with reason UNREACHABLE.
// Any other number is delivered after deliveryDelayMs, or at the next status poll
// if that comes first; the final status is posted to callbackUrl when one was given.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { renderSms, TemplateError } from '../sms/templates';
import { smsMessageSchema, type SmsMessage, type SmsStatus } from '../sms/types';
import { providerWrite } from './idempotency';
import { notFound, SandboxRejection } from './rejections';
import { later, postCallback, type SandboxState, type SmsRecord } from './state';

export const INVALID_NUMBER_PREFIX = '+1555000';
export const UNREACHABLE_NUMBER_PREFIX = '+1555001';

export function smsRoutes(state: SandboxState, deliveryDelayMs: number): Router {
  const router = Router();

  router.post(
    '/messages',
    providerWrite(state, 'sms', smsMessageSchema, (message, idempotencyKey) => {
      if (message.to.startsWith(INVALID_NUMBER_PREFIX)) {
        throw new SandboxRejection(400, 'INVALID_NUMBER', 'invalid recipient number');
      }
      const text = render(message);
      const record: SmsRecord = {
        providerMessageId: `sms_${randomUUID()}`,
        status: 'accepted',
        final: message.to.startsWith(UNREACHABLE_NUMBER_PREFIX)
          ? { status: 'failed', reason: 'UNREACHABLE' }
          : { status: 'delivered' },
        callbackUrl: message.callbackUrl,
      };
      state.sms.set(record.providerMessageId, record);
      state.sent.sms.push({
        operation: 'send',
        id: record.providerMessageId,
        idempotencyKey,
        request: message,
        text,
        at: new Date().toISOString(),
      });
      later(state, deliveryDelayMs, () => settle(state, record));
      return { status: 201, body: { providerMessageId: record.providerMessageId, status: 'accepted' } };
    }),
  );

  router.get('/messages/:providerMessageId', (req, res) => {
    const record = state.sms.get(req.params.providerMessageId);
    if (!record) throw notFound('message');
    settle(state, record);
    res.json(view(record));
  });

  return router;
}

function render(message: SmsMessage): string {
  try {
    return renderSms(message.templateId, message.locale, message.variables);
  } catch (err) {
    if (err instanceof TemplateError) throw new SandboxRejection(400, err.code, err.message);
    throw err;
  }
}

function settle(state: SandboxState, record: SmsRecord): void {
  if (record.status !== 'accepted') return;
  Object.assign(record, record.final);
  if (record.callbackUrl) postCallback(state, record.callbackUrl, view(record));
}

function view({ providerMessageId, status, reason }: SmsRecord): SmsStatus {
  return { providerMessageId, status, reason };
}
