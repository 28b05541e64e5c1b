// The case's messages, declared once: the workflow handles them, the API and
// tests send them by these constants, so each name is spelled in one place.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseView, CloseOutcome, Loan, Strategy, TaskOutcome } from '../../domain';

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
}

export const pause = defineUpdate<CaseView, [PauseRequest]>('pause');
export const resume = defineUpdate<CaseView, [ResumeRequest]>('resume');
export const escalate = defineUpdate<CaseView, [EscalateRequest]>('escalate');
export const promiseToPay = defineUpdate<CaseView, [PromiseToPayRequest]>('promiseToPay');
export const dispute = defineUpdate<CaseView, [DisputeRequest]>('dispute');
export const resolveDispute = defineUpdate<CaseView, [ResolveDisputeRequest]>('resolveDispute');
export const ceaseContact = defineUpdate<CaseView, [CeaseContactRequest]>('ceaseContact');
export const assignAgency = defineUpdate<CaseView, [AssignAgencyRequest]>('assignAgency');
export const recallAgency = defineUpdate<CaseView, [RecallAgencyRequest]>('recallAgency');
export const close = defineUpdate<CaseView, [CloseRequest]>('close');
export const moveStrategy = defineUpdate<CaseView, [MoveStrategyRequest]>('moveStrategy');

export const paymentReceived = defineSignal<[PaymentReceived]>('paymentReceived');
export const loanUpdated = defineSignal<[Loan]>('loanUpdated');
export const taskOutcome = defineSignal<[TaskOutcomeReport]>('taskOutcome');

export const caseView = defineQuery<CaseView>('caseView');

/** Every supervisor command by the name the API uses. */
export const COMMANDS = {
  pause,
  resume,
  escalate,
  'promise-to-pay': promiseToPay,
  dispute,
  'resolve-dispute': resolveDispute,
  'cease-contact': ceaseContact,
  'assign-agency': assignAgency,
  'recall-agency': recallAgency,
  close,
  'move-strategy': moveStrategy,
} as const;
export type CommandName = keyof typeof COMMANDS;
