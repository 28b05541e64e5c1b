// A case's whole state: what the workflow carries across continue-as-new and what
// every decision reads. Pure functions over it live here too, so the workflow
// file reads as the lifecycle and nothing else.
import {
  assess,
  assignVariant,
  bucketFor,
  businessTime,
  classify,
  CREDIT_CARD_SCHEME,
  daysPastDue,
  DEFAULT_SCORECARD,
  LOAN_SCHEME,
  scoringFeatures,
  type Assessment,
  type BusinessClock,
  type HoldKind,
  type Loan,
  type StepOutcome,
  type Strategy,
} from '../../domain';
import type { CaseEvent, CaseOutcome, CaseView, HoldView, Stage } from './case-view';
import type { DeliveryCheckDue } from './delivery';

export interface CaseInput {
  loan: Loan;
  strategy: Strategy;
  clock: BusinessClock;
  /** Who opened the case: a supervisor id, or 'system' for the portfolio sweep. */
  openedBy: string;
  /** Carried by continue-as-new; absent when the case first opens. */
  state?: CaseState;
  /** Continue as new once the history has this many events (tests lower it). */
  continueAsNewAfterEvents?: number;
}

export interface Hold {
  kind: HoldKind;
  reason: string;
  actor: string;
  sinceMs: number;
  /** promise-to-pay: amount promised, due date end (business ms), and what has been paid since. */
  amount?: number;
  dueMs?: number;
  paidSince?: number;
}

export interface CaseState {
  caseId: string;
  loan: Loan;
  strategy: Strategy;
  variant: string;
  clock: BusinessClock;
  openedBy: string;
  stage: Stage;
  closure?: { outcome: CaseOutcome; reason: string; actor: string; atMs: number };
  assessment?: Assessment;
  /** The bucket the last assessment saw; a new bucket triggers a fresh assessment. */
  assessedInBucket?: string;
  paused?: { reason: string; actor: string; sinceMs: number; untilMs?: number };
  holds: Hold[];
  agency?: { name: string; placedAtMs: number; placementRef: string };
  /** Messages, letters and filings whose delivery status the case will poll once. */
  deliveryChecks: DeliveryCheckDue[];
  /** Tasks whose outcome an agent has reported, so a repeated report counts once. */
  reportedTasks: string[];
  completedSteps: string[];
  stepOutcomes: Record<string, StepOutcome>;
  /** Sequence number of the last outbound action; action idempotency keys derive from it. */
  actionSeq: number;
  appliedPayments: string[];
  promisesKept: number;
  promisesBroken: number;
  contactAttempts: number;
  contactsSuccessful: number;
  escalation?: { actor: string; reason: string };
  next?: { atMs: number; atDpd?: number; reason: string };
  events: CaseEvent[];
  eventCount: number;
  /** Events not yet written to the MongoDB audit trail. */
  unrecorded: CaseEvent[];
}

/** The in-state event log keeps this many recent events; the audit trail keeps all. */
export const EVENT_LOG_LIMIT = 500;

export function caseIdFor(loanId: string): string {
  return `case-${loanId}`;
}

export function newCaseState(input: CaseInput, wallNowMs: number): CaseState {
  const state: CaseState = {
    caseId: caseIdFor(input.loan.loanId),
    loan: input.loan,
    strategy: input.strategy,
    variant: assignVariant(input.strategy, input.loan.loanId),
    clock: input.clock,
    openedBy: input.openedBy,
    stage: 'monitor',
    holds: [],
    completedSteps: [],
    stepOutcomes: {},
    actionSeq: 0,
    deliveryChecks: [],
    reportedTasks: [],
    appliedPayments: [],
    promisesKept: 0,
    promisesBroken: 0,
    contactAttempts: 0,
    contactsSuccessful: 0,
    events: [],
    eventCount: 0,
    unrecorded: [],
  };
  record(state, wallNowMs, 'opened', input.openedBy, `case opened on strategy ${input.strategy.id} v${input.strategy.version}, variant ${state.variant}`, {
    variant: state.variant,
  });
  return state;
}

export function nowOf(state: CaseState, wallNowMs: number): number {
  return businessTime(state.clock, wallNowMs);
}

/** Appends an event with its actor and reason to the log and to the audit backlog. */
export function record(
  state: CaseState,
  wallNowMs: number,
  type: CaseEvent['type'],
  actor: string,
  reason: string,
  data?: Record<string, unknown>,
): CaseEvent {
  const event: CaseEvent = {
    seq: ++state.eventCount,
    at: new Date(nowOf(state, wallNowMs)).toISOString(),
    type,
    actor,
    reason,
    ...(data ? { data } : {}),
  };
  state.events.push(event);
  if (state.events.length > EVENT_LOG_LIMIT) state.events.splice(0, state.events.length - EVENT_LOG_LIMIT);
  state.unrecorded.push(event);
  return event;
}

export function moveToStage(state: CaseState, wallNowMs: number, stage: Stage, actor: string, reason: string): void {
  if (state.stage === stage) return;
  const from = state.stage;
  state.stage = stage;
  record(state, wallNowMs, 'stage', actor, reason, { from, to: stage });
}

export function dpdOf(state: CaseState, wallNowMs: number): number {
  return daysPastDue(state.loan.installments, nowOf(state, wallNowMs));
}

export function classificationOf(state: CaseState, dpd: number) {
  return classify(dpd, state.loan.product === 'credit-card' ? CREDIT_CARD_SCHEME : LOAN_SCHEME);
}

/** Scores the case from the loan and the behaviour the case has seen. */
export function assessCase(state: CaseState, wallNowMs: number, dpd: number): Assessment {
  return assess(
    scoringFeatures({
      dpd,
      outstanding: state.loan.outstanding,
      principal: state.loan.principal,
      priorDelinquencies: state.loan.priorDelinquencies ?? 0,
      promisesKept: state.promisesKept,
      promisesBroken: state.promisesBroken,
      contactsSuccessful: state.contactsSuccessful,
      contactAttempts: state.contactAttempts,
      lastPaymentDate: state.loan.lastPaymentDate,
      nowMs: nowOf(state, wallNowMs),
    }),
    DEFAULT_SCORECARD,
  );
}

export function holdKinds(state: CaseState): HoldKind[] {
  return state.holds.map((hold) => hold.kind);
}

export function isTimeBarred(state: CaseState, wallNowMs: number): boolean {
  const limitation = state.loan.limitationDate;
  return limitation !== undefined && new Date(nowOf(state, wallNowMs)).toISOString().slice(0, 10) > limitation;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function viewOf(state: CaseState, wallNowMs: number, recent = 20): CaseView {
  const dpd = dpdOf(state, wallNowMs);
  const holds: HoldView[] = state.holds.map((hold) => ({
    kind: hold.kind,
    reason: hold.reason,
    actor: hold.actor,
    since: iso(hold.sinceMs),
    ...(hold.amount !== undefined ? { amount: hold.amount } : {}),
    ...(hold.dueMs !== undefined ? { until: iso(hold.dueMs) } : {}),
  }));
  return {
    caseId: state.caseId,
    loanId: state.loan.loanId,
    status: state.closure ? 'closed' : 'open',
    stage: state.stage,
    daysPastDue: dpd,
    bucket: bucketFor(dpd).name,
    classification: classificationOf(state, dpd),
    segment: state.assessment?.segment ?? null,
    score: state.assessment?.score ?? null,
    assessment: state.assessment ?? null,
    balance: state.loan.outstanding,
    currency: state.loan.currency,
    paused: state.paused
      ? {
          reason: state.paused.reason,
          actor: state.paused.actor,
          since: iso(state.paused.sinceMs),
          ...(state.paused.untilMs !== undefined ? { until: iso(state.paused.untilMs) } : {}),
        }
      : null,
    holds,
    nextAction: state.next && !state.closure ? { at: iso(state.next.atMs), atDpd: state.next.atDpd, reason: state.next.reason } : null,
    strategy: { id: state.strategy.id, version: state.strategy.version, variant: state.variant },
    agency: state.agency ? { name: state.agency.name, placedAt: iso(state.agency.placedAtMs) } : null,
    completedSteps: [...state.completedSteps],
    stepOutcomes: { ...state.stepOutcomes },
    promisesKept: state.promisesKept,
    promisesBroken: state.promisesBroken,
    closure: state.closure
      ? { outcome: state.closure.outcome, reason: state.closure.reason, actor: state.closure.actor, at: iso(state.closure.atMs) }
      : null,
    eventCount: state.eventCount,
    recentEvents: state.events.slice(-recent),
  };
}
