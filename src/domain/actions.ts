// What the case asks a channel to do and what comes back. Shared by the workflow
// (which decides) and the channel activities (which act), so both read one type.
import type { Debtor } from './loan';
import type { Channel, StepOutcome } from './strategy-schema';

export interface ActionRequest {
  caseId: string;
  loanId: string;
  /** The action's sequence number in the case; the idempotency key derives from it. */
  seq: number;
  /** `${caseId}:${seq}`: the same on every retry, unique across continue-as-new. */
  idempotencyKey: string;
  step: string;
  channel: Channel;
  template?: string;
  parameters?: Record<string, unknown>;
  debtor: Debtor;
  balance: number;
  currency: string;
  daysPastDue: number;
  /** Business time of the attempt, epoch ms. */
  atMs: number;
  timeBarred: boolean;
  disputed: boolean;
  ceaseContact: boolean;
}

export type ActionResult =
  | { status: 'sent'; outcome: StepOutcome; reason: string; providerRef?: string }
  /** The compliance guard deferred it: try again at untilMs (business time). */
  | { status: 'deferred'; untilMs: number; rule: string; reason: string }
  /** The compliance guard forbade it: do not send on this channel. */
  | { status: 'denied'; rule: string; reason: string };

export function idempotencyKeyFor(caseId: string, seq: number): string {
  return `${caseId}:${seq}`;
}
