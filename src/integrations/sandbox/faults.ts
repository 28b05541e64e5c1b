// Fault injection: the next n matching writes on a channel fail the way real
// providers fail. Status polls are never faulted, so a test's assertions can
// always read the truth.
import type { Response } from 'express';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../contract';
import { sendError } from './rejections';
import { cancel, later, type SandboxState } from './state';

export const FAULT_MODES = ['5xx', '429', 'timeout', '4xx-invalid-number', '4xx', 'accept-then-5xx'] as const;

export const faultSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  /**
   * 'timeout' holds the request for holdMs, then drops the connection;
   * 'accept-then-5xx' performs the write, then answers 500 as if it had failed.
   */
  mode: z.enum(FAULT_MODES),
  times: z.number().int().positive().default(1),
  /** Only requests whose body has this `to` (SMS recipient). */
  match: z.strictObject({ to: z.string() }).optional(),
  /** Longer than any client timeout we configure (PROVIDER_TIMEOUT defaults to 10s). */
  holdMs: z.number().int().positive().max(600_000).default(60_000),
});
export type Fault = z.output<typeof faultSchema>;

/** Takes one use of the first armed fault that matches the request, if any. */
export function takeFault(state: SandboxState, channel: Channel, body: unknown): Fault | undefined {
  const to = (body as { to?: unknown } | undefined)?.to;
  const index = state.faults.findIndex(
    (fault) => fault.channel === channel && (fault.match === undefined || fault.match.to === to),
  );
  if (index === -1) return undefined;
  const fault = state.faults[index];
  fault.times -= 1;
  if (fault.times === 0) state.faults.splice(index, 1);
  return fault;
}

/** Answers as the fault says; for 'accept-then-5xx' the caller performs the write first. */
export function failRequest(state: SandboxState, res: Response, fault: Fault): void {
  switch (fault.mode) {
    case '5xx':
    case 'accept-then-5xx':
      return sendError(res, 500, 'INTERNAL_ERROR', 'internal error');
    case '429':
      res.set('Retry-After', '1');
      return sendError(res, 429, 'RATE_LIMITED', 'too many requests');
    case '4xx-invalid-number':
      return sendError(res, 400, 'INVALID_NUMBER', 'invalid recipient number');
    case '4xx':
      return sendError(res, 400, 'REJECTED', 'request rejected');
    case 'timeout': {
      const timer = later(state, fault.holdMs, () => res.socket?.destroy());
      res.on('close', () => cancel(state, timer));
      return;
    }
  }
}
