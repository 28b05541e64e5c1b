// The commands a case takes and the events it hears, as the API, the use cases
// and the workflow all read them: the case contract's messages. The workflow
// declares the updates and signals that carry them (collection-case/messages.ts).
import type { CloseOutcome } from './case-contract';
import type { TaskOutcome } from './actions';
import type { PlanAcceptanceChannel } from './repayment-plans';
import type { Strategy } from './strategy-schema';

/** Every supervisor command, by the name the API uses. */
export const COMMAND_NAMES = [
  'pause',
  'resume',
  'escalate',
  'promise-to-pay',
  'dispute',
  'resolve-dispute',
  'cease-contact',
  'assign-agency',
  'recall-agency',
  'close',
  'move-strategy',
  'record-reason',
  'offer-settlement',
  'approve-settlement',
  'reject-settlement',
  'hardship-hold',
  'end-hardship-hold',
  'propose-plan',
  'accept-plan',
  'cancel-plan',
  'resolve-review',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Who asked: a supervisor's or agent's user id, 'system', or a payment reference. */
export interface Actor {
  actor: string;
}

export interface PauseRequest extends Actor {
  reason: string;
  /** ISO-8601 instant (business time) at which the case resumes by itself. */
  until?: string;
}
export interface ResumeRequest extends Actor {
  reason?: string;
}
export interface EscalateRequest extends Actor {
  reason: string;
}
export interface PromiseToPayRequest extends Actor {
  /** Minor units the debtor promised. */
  amount: number;
  /** 'YYYY-MM-DD' by which the amount is promised. */
  date: string;
}
export interface DisputeRequest extends Actor {
  reason: string;
}
export interface ResolveDisputeRequest extends Actor {
  /** upheld: the debt stands and collection goes on; the case closes otherwise. */
  outcome: 'upheld' | 'withdrawn-by-lender';
  reason?: string;
}
export interface CeaseContactRequest extends Actor {
  reason: string;
}
export interface AssignAgencyRequest extends Actor {
  agency: string;
  reason?: string;
}
export interface RecallAgencyRequest extends Actor {
  reason: string;
}
export interface CloseRequest extends Actor {
  reason: string;
  /**
   * How the case ends; `closed` when not given. written-off, deceased, fraud,
   * sold and settled end collection on the loan for good: the portfolio sweep
   * never opens a case for it again (a supervisor's reopen still can).
   */
  outcome?: CloseOutcome;
}
export interface MoveStrategyRequest extends Actor {
  strategy: Strategy;
  reason?: string;
}

export interface RecordReasonRequest extends Actor {
  /** A code from the list of overdue reasons (OVERDUE_REASON_CODES). */
  code: string;
  note?: string;
}

/** A settlement (减免 / 和解): the debtor pays `amount`, less than the balance, by the end of `by`, and the rest is written off. */
export interface OfferSettlementRequest extends Actor {
  /** Minor units, less than the outstanding balance. */
  amount: number;
  /** 'YYYY-MM-DD': the last business day to pay. */
  by: string;
  reason?: string;
}
/** A second person's approval of a discount above the policy's threshold; never the proposer's (four eyes). */
export interface ApproveSettlementRequest extends Actor {
  reason?: string;
}
export interface RejectSettlementRequest extends Actor {
  reason: string;
}
/** A hardship hold: contact and the ladder wait until the end of `until`. */
export interface HardshipHoldRequest extends Actor {
  reason: string;
  /** 'YYYY-MM-DD': the last business day of the hold. */
  until: string;
  /** The overdue reason behind the hardship (e.g. income-drop, illness). */
  code?: string;
}
export interface EndHardshipHoldRequest extends Actor {
  reason: string;
}
export interface ProposePlanRequest extends Actor {
  /** How many payments. */
  payments: number;
  /** 'YYYY-MM-DD' of the first payment. */
  firstDate: string;
  /** Days between payments; 30 when not given. */
  intervalDays?: number;
  /** Minor units the plan pays in all; the amount past due now when not given. */
  total?: number;
  note?: string;
}
export interface AcceptPlanRequest extends Actor {
  /** How the debtor accepted the proposed plan. */
  channel: PlanAcceptanceChannel;
}
export interface CancelPlanRequest extends Actor {
  reason: string;
}
/** The holds a review resolves: what the debtor or an agent reported is checked, then confirmed or not. */
export const REVIEW_KINDS = ['fraud-review', 'deceased'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_OUTCOMES = ['confirmed', 'not-confirmed'] as const;

export interface ResolveReviewRequest extends Actor {
  /** The hold under review. */
  kind: ReviewKind;
  /** confirmed: the case closes (fraud, deceased); not-confirmed: the hold goes and the ladder resumes. */
  outcome: (typeof REVIEW_OUTCOMES)[number];
  reason?: string;
}

/** A debtor's reply on a digital channel, as the case hears it: the reason it was mapped to, if any. */
export interface DebtorReply {
  channel: 'sms';
  /** The provider's id of the reply: a reply heard twice counts once. */
  reference: string;
  /** The overdue reason the reply's words map to; absent when nothing matched. */
  code?: string;
  /** What matched, e.g. the keyword 失业 or the menu choice 1. */
  matched?: string;
}

export interface PaymentReceived {
  /** Minor units. */
  amount: number;
  /** 'YYYY-MM-DD' value date. */
  date: string;
  /** Unique per payment: a payment repeated with the same reference is applied once. */
  reference: string;
}

/** An agent's report on a phone-call or field-visit task; the actor is the agent. */
export interface TaskOutcomeReport extends Actor {
  /** The task's id: the idempotency key of the action that queued it. */
  taskId: string;
  step: string;
  outcome: TaskOutcome;
  /** With a promise-to-pay outcome: minor units by 'YYYY-MM-DD'. */
  promise?: { amount: number; date: string };
  /** Why the debtor said they fell behind, when they said: the case records it as its latest overdue reason. */
  arrearsReason?: { code: string; note?: string };
  /** With a dispute outcome: what the debtor disputes. The case puts the dispute hold. */
  dispute?: { reason: string };
}

/** What each command carries, by its name. */
export interface CommandRequests {
  pause: PauseRequest;
  resume: ResumeRequest;
  escalate: EscalateRequest;
  'promise-to-pay': PromiseToPayRequest;
  dispute: DisputeRequest;
  'resolve-dispute': ResolveDisputeRequest;
  'cease-contact': CeaseContactRequest;
  'assign-agency': AssignAgencyRequest;
  'recall-agency': RecallAgencyRequest;
  close: CloseRequest;
  'move-strategy': MoveStrategyRequest;
  'record-reason': RecordReasonRequest;
  'offer-settlement': OfferSettlementRequest;
  'approve-settlement': ApproveSettlementRequest;
  'reject-settlement': RejectSettlementRequest;
  'hardship-hold': HardshipHoldRequest;
  'end-hardship-hold': EndHardshipHoldRequest;
  'propose-plan': ProposePlanRequest;
  'accept-plan': AcceptPlanRequest;
  'cancel-plan': CancelPlanRequest;
  'resolve-review': ResolveReviewRequest;
}
