// Fault injection: the next n matching writes on a channel fail the way real
// providers fail. Status polls are never faulted, so a test's assertions can
// always read the truth.
import type { Response } from 'express';
import type { Channel } from '../contract';
import type { Fault } from './fault-schema';
import { sendError } from './rejections';
import { cancel, later, type SandboxState } from './state';



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
