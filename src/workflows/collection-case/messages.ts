// The case's messages, declared once: the workflow handles them, the use cases
// and tests send them by these constants, so each name is spelled in one place.
// What each carries is the case contract, in src/domain/case-commands.ts.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveSettlementRequest,
  AcceptPlanRequest,
  AssignAgencyRequest,
  CancelPlanRequest,
  CaseView,
  CeaseContactRequest,
  CloseRequest,
  CommandName,
  DebtorReply,
  DisputeRequest,
  EndHardshipHoldRequest,
  EscalateRequest,
  HardshipHoldRequest,
  Loan,
  MoveStrategyRequest,
  OfferSettlementRequest,
  PauseRequest,
  PaymentReceived,
  PromiseToPayRequest,
  ProposePlanRequest,
  RecordReasonRequest,
  ResolveReviewRequest,
  RecallAgencyRequest,
  RejectSettlementRequest,
  ResolveDisputeRequest,
  ResumeRequest,
  TaskOutcomeReport,
} from '../../domain';

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
export const recordReason = defineUpdate<CaseView, [RecordReasonRequest]>('recordReason');
export const offerSettlement = defineUpdate<CaseView, [OfferSettlementRequest]>('offerSettlement');
export const approveSettlement = defineUpdate<CaseView, [ApproveSettlementRequest]>('approveSettlement');
export const rejectSettlement = defineUpdate<CaseView, [RejectSettlementRequest]>('rejectSettlement');
export const hardshipHold = defineUpdate<CaseView, [HardshipHoldRequest]>('hardshipHold');
export const endHardshipHold = defineUpdate<CaseView, [EndHardshipHoldRequest]>('endHardshipHold');
export const proposePlan = defineUpdate<CaseView, [ProposePlanRequest]>('proposePlan');
export const acceptPlan = defineUpdate<CaseView, [AcceptPlanRequest]>('acceptPlan');
export const cancelPlan = defineUpdate<CaseView, [CancelPlanRequest]>('cancelPlan');
export const resolveReview = defineUpdate<CaseView, [ResolveReviewRequest]>('resolveReview');

export const paymentReceived = defineSignal<[PaymentReceived]>('paymentReceived');
export const loanUpdated = defineSignal<[Loan]>('loanUpdated');
export const taskOutcome = defineSignal<[TaskOutcomeReport]>('taskOutcome');
export const debtorReply = defineSignal<[DebtorReply]>('debtorReply');

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
  'record-reason': recordReason,
  'offer-settlement': offerSettlement,
  'approve-settlement': approveSettlement,
  'reject-settlement': rejectSettlement,
  'hardship-hold': hardshipHold,
  'end-hardship-hold': endHardshipHold,
  'propose-plan': proposePlan,
  'accept-plan': acceptPlan,
  'cancel-plan': cancelPlan,
  'resolve-review': resolveReview,
} as const satisfies Record<CommandName, unknown>;
