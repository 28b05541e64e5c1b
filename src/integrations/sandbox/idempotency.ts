// Every provider write goes through here: faults first, then at most one accepted
// outcome per Idempotency-Key. A repeat with the same request gets the recorded
// outcome and records nothing new; a repeat with a different request is refused.
import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import type { Channel } from '../contract';
import { failRequest, takeFault } from './faults';
import { parseBody, SandboxRejection } from './rejections';
import type { Outcome, SandboxState } from './state';

export function providerWrite<T>(
  state: SandboxState,
  channel: Channel,
  schema: z.ZodType<T>,
  accept: (request: T, idempotencyKey: string, req: Request) => Outcome,
): RequestHandler {
  return (req, res) => {
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 255) {
      throw new SandboxRejection(400, 'IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header of 1 to 255 characters');
    }
    const fault = takeFault(state, channel, req.body);
    if (fault && fault.mode !== 'accept-then-5xx') return failRequest(state, res, fault);

    const scope = `${channel}:${key}`;
    const fingerprint = `${req.method} ${req.originalUrl} ${canonicalJson(req.body)}`;
    const recorded = state.outcomes.get(scope);
    if (recorded && recorded.fingerprint !== fingerprint) {
      throw new SandboxRejection(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
    }
    const outcome = recorded?.outcome ?? accept(parseBody(schema, req.body), key, req);
    if (!recorded) state.outcomes.set(scope, { fingerprint, outcome });

    if (fault) return failRequest(state, res, fault);
    res.status(outcome.status).json(outcome.body);
  };
}

/** JSON with object keys sorted, so the same request always has the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
