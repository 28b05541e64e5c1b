// A case's whole state: what the workflow carries across continue-as-new and what
// every decision reads. Pure functions over it live here too, so the workflow
// file reads as the lifecycle and nothing else.
import {
  ARRANGEMENT_HOLDS,
  assess,
  bucketFor,
  businessTime,
  caseIdFor,
  classificationSchemeFor,
  classify,
  daysPastDue,
  DEFAULT_SCORECARD,
  HOLD_EFFECTS,
  oldestUnpaidDueDate,
  progressOf,
  repaymentPlanView,
  scoringFeatures,
  type Assessment,
  type BusinessClock,
  type CaseEvent,
  type CaseOutcome,
  type CaseView,
  type OverdueReasonEntry,
  type RepaymentPlan,
  type Channel,
  type HoldKind,
  type HoldView,
  type Loan,
  type SettlementStatus,
  type SettlementView,
  type Stage,
  type StepOutcome,
  type Strategy,
  type WaitingFor,
} from '../../domain';
import { localDateTime } from '../../domain/compliance';
import type { DeliveryCheck } from '../../activities/channels';
import { variantFor, type CaseFeatures } from './versions';

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
  /** A case opened again for the same loan after it closed: its run, the events its earlier runs recorded, and why. */
  reopening?: Reopening;
}

export interface Reopening {
  /** 2 for the first reopening. */
  run: number;
  /** Events recorded by the earlier runs: this run's events continue from there, so the timeline reads as one story. */
  eventsBefore: number;
  /**
   * Actions the earlier runs numbered: this run's continue from there, so their
   * idempotency keys (and task ids, placement refs) never meet an earlier run's.
   */
  actionsBefore: number;
  /** Steps done on the same delinquency by the run before, when it is the same one: the ladder goes on, not again. */
  completedSteps?: string[];
  stepOutcomes?: Record<string, StepOutcome>;
  /** Why the case opened again: a new delinquency after the closure, or a supervisor's reopen with their reason. */
  reason: string;
}

/** A message, letter or filing whose delivery status the case polls once, at checkAtMs (business time). */
export interface DeliveryCheckDue extends DeliveryCheck {
  step: string;
  seq: number;
  checkAtMs: number;
}

/** A call or visit an agent has yet to report on. */
export interface OpenTask {
  taskId: string;
  step: string;
  channel: Channel;
  sinceMs: number;
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
  /** hardship: the overdue reason code behind it, when one was given. */
  code?: string;
}

/** A settlement offer (see settlements.ts): open while pending approval or offered, kept when over so the view shows how it ended. */
export interface SettlementState {
  status: SettlementStatus;
  amount: number;
  balance: number;
  discountPercent: number;
  by: string;
  /** The end of the `by` day (business ms): the offer lapses then. */
  dueMs: number;
  proposer: string;
  approver?: string;
  needsApproval: boolean;
  /** Payments received since the offer was made. */
  paidSince: number;
  writtenOff?: number;
  reason?: string;
  proposedAtMs: number;
}

export interface CaseState {
  caseId: string;
  /** 1 for the loan's first case; absent in states carried from before runs were counted. */
  run?: number;
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
  next?: { atMs: number; atDpd?: number; step?: string; reason: string };
  /** What a step under way waits for: a contact the guard deferred. */
  waiting?: WaitingFor;
  /** Calls and visits queued and not yet reported on; absent in states carried from before it was kept. */
  openTasks?: OpenTask[];
  /** Overdue reasons recorded, oldest first (the last OVERDUE_REASON_LIMIT); absent before any was. */
  overdueReasons?: OverdueReasonEntry[];
  /** The latest settlement offer; absent before any. */
  settlement?: SettlementState;
  /** The latest repayment plan, whatever its status; absent before one was proposed. */
  repaymentPlan?: RepaymentPlan;
  /** What recorded reasons asked of the main loop and it has not done yet: a team's task to queue, agents' tasks to withdraw. */
  reasonWork?: ReasonWork[];
  /** Debtors' replies heard, by the provider's reference, so a reply heard twice counts once (the last REPLY_LIMIT). */
  repliesHeard?: string[];
  events: CaseEvent[];
  eventCount: number;
  /** Events not yet written to the MongoDB audit trail. */
  unrecorded: CaseEvent[];
}

/** Work an overdue reason's effect leaves for the main loop, which runs activities one at a time. */
export type ReasonWork =
  | { kind: 'task'; code: string; queue: string; template?: string }
  | { kind: 'withdraw-tasks'; code: string; hold: HoldKind };

/** The case keeps this many recent overdue reasons; the audit trail keeps all. */
export const OVERDUE_REASON_LIMIT = 20;

/** Records an overdue reason as the case's latest, with who gave it and when, and logs it. */
export function recordOverdueReason(state: CaseState, wallNowMs: number, entry: Omit<OverdueReasonEntry, 'at'>): void {
  const at = new Date(nowOf(state, wallNowMs)).toISOString();
  const reasons = [...(state.overdueReasons ?? []), { ...entry, at }];
  state.overdueReasons = reasons.slice(-OVERDUE_REASON_LIMIT);
  const from = entry.source === 'agent' ? `from task ${entry.taskId}` : entry.source === 'debtor' ? `from the debtor's ${entry.channel} reply` : 'by a supervisor';
  record(state, wallNowMs, 'reason', entry.actor, `overdue reason ${entry.code} recorded ${from}${entry.note ? `: ${entry.note}` : ''}`, {
    code: entry.code,
    ...(entry.note !== undefined && { note: entry.note }),
    source: entry.source,
    ...(entry.channel !== undefined && { channel: entry.channel }),
    ...(entry.taskId !== undefined && { taskId: entry.taskId }),
  });
}

/** The in-state event log keeps this many recent events; the audit trail keeps all. */
export const EVENT_LOG_LIMIT = 500;

export function newCaseState(input: CaseInput, wallNowMs: number, features: CaseFeatures): CaseState {
  const reopening = input.reopening;
  const state: CaseState = {
    caseId: caseIdFor(input.loan.loanId),
    ...(reopening && { run: reopening.run }),
    loan: input.loan,
    strategy: input.strategy,
    variant: variantFor(features, input.strategy, input.loan.loanId),
    clock: input.clock,
    openedBy: input.openedBy,
    stage: 'monitor',
    holds: [],
    completedSteps: [...(reopening?.completedSteps ?? [])],
    stepOutcomes: { ...reopening?.stepOutcomes },
    actionSeq: reopening?.actionsBefore ?? 0,
    deliveryChecks: [],
    reportedTasks: [],
    appliedPayments: [],
    promisesKept: 0,
    promisesBroken: 0,
    contactAttempts: 0,
    contactsSuccessful: 0,
    openTasks: [],
    events: [],
    eventCount: reopening?.eventsBefore ?? 0,
    unrecorded: [],
  };
  const on = `on strategy ${input.strategy.id} v${input.strategy.version}, variant ${state.variant}`;
  const reason = reopening ? `case reopened (run ${reopening.run}) ${on}: ${reopening.reason}` : `case opened ${on}`;
  record(state, wallNowMs, 'opened', input.openedBy, reason, { variant: state.variant, ...(reopening && { run: reopening.run }) });
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

/** The loan's grade at `dpd` on the business day, held at the scheme's floor while a restructuring is observed. */
export function classificationOf(state: CaseState, wallNowMs: number, dpd: number) {
  const today = new Date(nowOf(state, wallNowMs)).toISOString().slice(0, 10);
  return classify(dpd, classificationSchemeFor(state.loan.product), { restructuredOn: state.loan.restructuredOn, today });
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

/** Whether the debtor is in an arrangement (a repayment plan, a settlement offer) the ladder waits on. */
export function inArrangement(state: CaseState): boolean {
  return state.holds.some((hold) => ARRANGEMENT_HOLDS.includes(hold.kind));
}

export function isTimeBarred(state: CaseState, wallNowMs: number): boolean {
  const limitation = state.loan.limitationDate;
  return limitation !== undefined && new Date(nowOf(state, wallNowMs)).toISOString().slice(0, 10) > limitation;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** "08:00 Asia/Shanghai" on the debtor's clock, with the date when it is not today there. */
export function debtorClockTime(state: CaseState, atMs: number, businessNowMs: number): string {
  const zone = state.loan.debtor.timeZone;
  const [at, now] = [localDateTime(atMs, zone), localDateTime(businessNowMs, zone)];
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = at.year === now.year && at.month === now.month && at.day === now.day ? '' : `${at.year}-${pad(at.month)}-${pad(at.day)} `;
  return `${date}${pad(at.hour)}:${pad(at.minute)} ${zone}`;
}

/** What the case waits for now: what holds its next move first, then the reports it waits on beside it. */
function waitingFor(state: CaseState, wallNowMs: number): WaitingFor[] {
  if (state.closure) return [];
  const waits: WaitingFor[] = [];
  const freezing = state.holds.find((hold) => HOLD_EFFECTS[hold.kind].stops === 'everything');
  if (state.waiting) waits.push(state.waiting);
  else if (state.paused) {
    const { actor, reason, untilMs } = state.paused;
    waits.push(
      untilMs === undefined
        ? { kind: 'release', reason: `paused by ${actor} (${reason}) until a supervisor resumes the case` }
        : { kind: 'pause-end', reason: `paused by ${actor} (${reason}) until ${iso(untilMs)}`, until: iso(untilMs) },
    );
  } else if (freezing?.kind === 'promise-to-pay') {
    // dueMs is the end of the promised day: the day itself is the one before.
    const promisedBy = iso(freezing.dueMs! - 1).slice(0, 10);
    waits.push({ kind: 'promise-date', reason: `the promise to pay ${freezing.amount} ${state.loan.currency} by ${promisedBy}`, until: iso(freezing.dueMs!) });
  } else if (freezing?.kind === 'settlement' && state.settlement) {
    const { amount, by } = state.settlement;
    waits.push({ kind: 'settlement-date', reason: `the settlement of ${amount} ${state.loan.currency} to be paid by ${by}`, until: iso(freezing.dueMs!) });
  } else if (freezing?.kind === 'hardship' && freezing.dueMs !== undefined) {
    waits.push({ kind: 'hold-end', reason: `the hardship hold by ${freezing.actor} (${freezing.reason}) to end on ${iso(freezing.dueMs - 1).slice(0, 10)}`, until: iso(freezing.dueMs) });
  } else if (freezing?.kind === 'repayment-plan' && state.repaymentPlan?.status === 'active') {
    waits.push(planPaymentWait(state, state.repaymentPlan, wallNowMs));
  } else if (freezing) {
    waits.push({ kind: 'release', reason: `the ${freezing.kind} to be resolved (${freezing.reason})` });
  } else if (state.next) {
    waits.push({ kind: 'next-step', reason: state.next.reason, until: iso(state.next.atMs) });
  } else {
    waits.push({ kind: 'nothing', reason: 'the ladder is finished: a payment, the loan system or a supervisor moves the case on' });
  }
  if (state.settlement?.status === 'pending-approval') {
    const { amount, discountPercent, proposer } = state.settlement;
    waits.push({ kind: 'settlement-approval', reason: `a second person's approval of the settlement of ${amount} (${discountPercent}% off) proposed by ${proposer}` });
  }
  for (const task of state.openTasks ?? []) {
    const what = task.channel === 'field-visit' ? 'visit' : 'call';
    waits.push({ kind: 'task-outcome', reason: `the outcome of ${what} task ${task.taskId} (step ${task.step})` });
  }
  return waits;
}

/** The next payment of an active plan, and when its grace ends. */
function planPaymentWait(state: CaseState, plan: RepaymentPlan, wallNowMs: number): WaitingFor {
  const next = progressOf(plan, nowOf(state, wallNowMs)).next;
  // Every payment made: the case ends the plan at its next turn, at once.
  if (!next) return { kind: 'plan-payment', reason: `every plan payment made (${plan.paidSoFar} ${state.loan.currency}); the plan ends kept` };
  const part = next.paid ? ` (${next.paid} paid)` : '';
  return {
    kind: 'plan-payment',
    reason: `plan payment ${next.seq} of ${plan.schedule.length}: ${next.amount} ${state.loan.currency} due ${next.dueDate}${part}, grace ends ${next.graceEndsAt}`,
    until: next.graceEndsAt,
  };
}

export function viewOf(state: CaseState, wallNowMs: number, recent = 20): CaseView {
  const dpd = dpdOf(state, wallNowMs);
  const holds: HoldView[] = state.holds.map((hold) => ({
    kind: hold.kind,
    reason: hold.reason,
    actor: hold.actor,
    since: iso(hold.sinceMs),
    ...(hold.amount !== undefined ? { amount: hold.amount } : {}),
    ...(hold.dueMs !== undefined ? { until: iso(hold.dueMs) } : {}),
    ...(hold.code !== undefined ? { code: hold.code } : {}),
  }));
  return {
    caseId: state.caseId,
    loanId: state.loan.loanId,
    run: state.run ?? 1,
    status: state.closure ? 'closed' : 'open',
    stage: state.stage,
    daysPastDue: dpd,
    bucket: bucketFor(dpd).name,
    classification: classificationOf(state, wallNowMs, dpd),
    delinquentSince: oldestUnpaidDueDate(state.loan.installments) ?? null,
    restructuredOn: state.loan.restructuredOn ?? null,
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
    nextAction:
      state.next && !state.closure
        ? { at: iso(state.next.atMs), atDpd: state.next.atDpd, ...(state.next.step && { step: state.next.step }), reason: state.next.reason }
        : null,
    waitingFor: waitingFor(state, wallNowMs),
    strategy: { id: state.strategy.id, version: state.strategy.version, variant: state.variant },
    agency: state.agency ? { name: state.agency.name, placedAt: iso(state.agency.placedAtMs) } : null,
    completedSteps: [...state.completedSteps],
    stepOutcomes: { ...state.stepOutcomes },
    promisesKept: state.promisesKept,
    promisesBroken: state.promisesBroken,
    closure: state.closure
      ? { outcome: state.closure.outcome, reason: state.closure.reason, actor: state.closure.actor, at: iso(state.closure.atMs) }
      : null,
    overdueReason: state.overdueReasons?.at(-1) ?? null,
    overdueReasons: [...(state.overdueReasons ?? [])],
    repaymentPlan: state.repaymentPlan ? repaymentPlanView(state.repaymentPlan, nowOf(state, wallNowMs)) : null,
    eventCount: state.eventCount,
    actionCount: state.actionSeq,
    recentEvents: state.events.slice(-recent),
    asOf: iso(nowOf(state, wallNowMs)),
    settlement: settlementView(state.settlement),
  };
}

function settlementView(settlement: SettlementState | undefined): SettlementView | null {
  if (!settlement) return null;
  const { dueMs: _dueMs, proposedAtMs, approver, paidSince, writtenOff, reason, ...terms } = settlement;
  return {
    ...terms,
    approver: approver ?? null,
    paidSoFar: paidSince,
    ...(writtenOff !== undefined && { writtenOff }),
    ...(reason !== undefined && { reason }),
    proposedAt: iso(proposedAtMs),
  };
}
