// What the case asks a channel to do and what comes back. Shared by the workflow
// (which decides) and the channel activities (which act), so both read one type.
import type { ContactOutcome } from './compliance/types';
import type { Debtor } from './loan';
import type { Channel, StepOutcome } from './strategy-schema';
import { OVERDUE_REASON_CODES, type OverdueReasonCode } from './overdue-reasons';

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

/** Our reference for an agency placement: the case and the action that placed it. */
export function placementRefFor(caseId: string, seq: number): string {
  return `${caseId}:placement:${seq}`;
}

/** What an agent reports after a phone call or field visit. A dispute also puts the case on the dispute hold. */
export const TASK_OUTCOMES = ['contacted', 'promise-to-pay', 'dispute', 'refused', 'wrong-number', 'no-answer'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** The outcomes where the agent reached the debtor, so the debtor may have said why they are behind. */
export const CONVERSATION_OUTCOMES: readonly TaskOutcome[] = ['contacted', 'promise-to-pay', 'dispute', 'refused'];

/** Why the debtor says they fell behind: the coded list of overdue reasons (overdue-reasons.ts). */
export const ARREARS_REASONS = OVERDUE_REASON_CODES;
export type ArrearsReasonCode = OverdueReasonCode;

/** The reason for the arrears the debtor gave on a call or visit, with the agent's note. */
export interface ArrearsReason {
  code: ArrearsReasonCode;
  note?: string;
}

/** How a reported task counts for the step that created it. */
export const STEP_OUTCOME_OF_TASK: Record<TaskOutcome, StepOutcome> = {
  contacted: 'contacted',
  'promise-to-pay': 'promise-to-pay',
  // The debtor was reached; the dispute hold, not the step's outcome, stops the escalation.
  dispute: 'contacted',
  refused: 'refused',
  'wrong-number': 'no-contact',
  'no-answer': 'no-contact',
};

/** How a reported task counts for the compliance guard: reaching the debtor at all is a conversation. */
export const CONTACT_OUTCOME_OF_TASK: Record<TaskOutcome, ContactOutcome> = {
  contacted: 'conversation',
  'promise-to-pay': 'conversation',
  dispute: 'conversation',
  refused: 'conversation',
  'wrong-number': 'wrong-number',
  'no-answer': 'no-answer',
};
