// The case contract: what a supervisor, the API, the read model and the audit
// trail see of a case, shared by every layer. Times are ISO-8601 business time.
// No PII: the debtor appears only as an opaque reference.
import type { OverdueReasonEntry } from './overdue-reasons';
import type { Assessment } from './scorecard';
import { classificationSchemeById, classify, type Classification } from './classification';
import { bucketFor, calendarDaysSince } from './delinquency';
import type { HoldKind } from './holds';
import type { SettlementView } from './settlements';
import type { RepaymentPlanView } from './repayment-plans';
import type { StepOutcome } from './strategy-schema';

/** `arrangement`: the ladder waits while the debtor keeps a repayment plan or a settlement offer runs. */
export const STAGES = ['monitor', 'assess', 'strategy', 'collect', 'follow-up', 'arrangement', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * How a case ends. paid, cured, cured-by-arrangement and dispute-resolved-for-debtor
 * come from the loan, a kept repayment plan and the dispute; the rest are a supervisor's close command.
 */
export const CASE_OUTCOMES = [
  'paid',
  'cured',
  'closed',
  'dispute-resolved-for-debtor',
  'written-off',
  'deceased',
  'fraud',
  'sold',
  'settled',
  'cured-by-arrangement',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** What a supervisor may close a case as; plain `closed` when they name nothing else. */
export const CLOSE_OUTCOMES = ['closed', 'written-off', 'deceased', 'fraud', 'sold', 'settled'] as const satisfies readonly CaseOutcome[];
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

/**
 * Closures that end collection on the loan for good. The portfolio sweep never
 * reopens them, whatever the loan does later; only a supervisor's reopen does.
 */
export const FINAL_OUTCOMES = ['written-off', 'deceased', 'fraud', 'sold', 'settled'] as const satisfies readonly CaseOutcome[];

/**
 * Closures in which the debtor paid what collection asked: in full, back to
 * current, by a kept repayment plan, or by a settlement. Every report that counts
 * a cure (roll rates, experiments, reasons) counts these and no others.
 */
export const CURED_OUTCOMES = ['paid', 'cured', 'cured-by-arrangement', 'settled'] as const satisfies readonly CaseOutcome[];

export function isCured(outcome: string | null | undefined): boolean {
  return (CURED_OUTCOMES as readonly string[]).includes(outcome ?? '');
}

export function endsCollectionForGood(outcome: CaseOutcome): boolean {
  return (FINAL_OUTCOMES as readonly CaseOutcome[]).includes(outcome);
}

/** One case per loan: the workflow id, the read model's key and the audit trail's prefix. */
export function caseIdFor(loanId: string): string {
  return `case-${loanId}`;
}

export interface CaseEvent {
  /** Position in the case's event log, from 1, continuing across the case's runs. */
  seq: number;
  /** ISO-8601 business time. */
  at: string;
  type:
    | 'opened'
    | 'stage'
    | 'assessed'
    | 'decision'
    | 'step-skipped'
    | 'action'
    | 'command'
    | 'payment'
    | 'promise-kept'
    | 'promise-broken'
    | 'loan-updated'
    | 'strategy-moved'
    | 'reason'
    | 'closed'
    | 'settlement-offered'
    | 'settlement-approved'
    | 'settlement-rejected'
    | 'settlement-expired'
    | 'settlement-paid'
    | 'hardship-hold'
    | 'hardship-ended'
    | 'plan-proposed'
    | 'plan-accepted'
    | 'plan-payment'
    | 'plan-broken'
    | 'plan-kept'
    | 'plan-cancelled'
    | 'loan-re-aged';
  actor: string;
  reason: string;
  data?: Record<string, unknown>;
}

export interface HoldView {
  kind: HoldKind;
  reason: string;
  actor: string;
  since: string;
  /** For a promise to pay: the promised amount and date; for a settlement, its amount and the end of its date; for a hardship hold, its end. */
  amount?: number;
  until?: string;
  /** For a hardship hold: the overdue reason code behind it, when one was given. */
  code?: string;
}

/**
 * What the case waits for. The first entry is what holds its next move (a
 * deferred contact, a pause, the next ladder step); the rest wait beside it
 * (agents' reports on call and visit tasks).
 */
export interface WaitingFor {
  kind:
    | 'step-under-way'
    | 'contact-deferred'
    | 'task-outcome'
    | 'next-step'
    | 'pause-end'
    | 'promise-date'
    | 'release'
    | 'nothing'
    | 'settlement-date'
    | 'hold-end'
    | 'settlement-approval'
    | 'plan-payment';
  /** A sentence a supervisor reads as is, e.g. "sms deferred by nifa-quiet-22-08 until 08:00 Asia/Shanghai". */
  reason: string;
  /** ISO-8601 business time the wait ends, when it ends by itself. */
  until?: string;
}

export interface CaseView {
  caseId: string;
  loanId: string;
  /** 1 for the loan's first case, one more each time the case reopens. */
  run: number;
  status: 'open' | 'closed';
  stage: Stage;
  /** As of `asOf`; readers refresh it to now with viewAsOf. */
  daysPastDue: number;
  bucket: string;
  classification: Classification;
  /** The oldest unpaid due date ('YYYY-MM-DD'): DPD counts from it. Null when nothing is unpaid. */
  delinquentSince: string | null;
  /** The day the loan was last restructured: the grade stays at the scheme's floor while it is observed. Absent on views from before it was kept. */
  restructuredOn?: string | null;
  segment: string | null;
  score: number | null;
  assessment: Assessment | null;
  /** Outstanding balance in minor units of `currency`. */
  balance: number;
  currency: string;
  paused: { reason: string; actor: string; since: string; until?: string } | null;
  holds: HoldView[];
  nextAction: { at: string; atDpd?: number; step?: string; reason: string } | null;
  waitingFor: WaitingFor[];
  strategy: { id: string; version: number; variant: string };
  agency: { name: string; placedAt: string } | null;
  completedSteps: string[];
  stepOutcomes: Record<string, StepOutcome>;
  promisesKept: number;
  promisesBroken: number;
  closure: { outcome: CaseOutcome; reason: string; actor: string; at: string } | null;
  /** The latest overdue reason (逾期原因) recorded on the case, null before any. */
  overdueReason: OverdueReasonEntry | null;
  /** Every overdue reason recorded, oldest first: the latest is the last. */
  overdueReasons: OverdueReasonEntry[];
  /** The case's latest repayment plan (分期), whatever its status; null when none was proposed. */
  repaymentPlan: RepaymentPlanView | null;
  eventCount: number;
  /** Outbound actions numbered so far, across runs: the next one's idempotency key follows it. */
  actionCount: number;
  recentEvents: CaseEvent[];
  /** ISO-8601 business time the case computed this view at. */
  asOf: string;
  /** The case's latest settlement offer (减免 / 和解), open or over; null when none was made. */
  settlement: SettlementView | null;
}

export interface Delinquency {
  daysPastDue: number;
  bucket: string;
  classification: Classification;
}

/**
 * DPD, bucket and grade at `businessNowMs` of a loan unpaid since the date, graded
 * under the named scheme, at its floor while a restructuring on `restructuredOn` is observed.
 */
export function delinquencyAsOf(delinquentSince: string, schemeId: string, businessNowMs: number, restructuredOn?: string | null): Delinquency | undefined {
  const scheme = classificationSchemeById(schemeId);
  if (!scheme) return undefined;
  const daysPastDue = Math.max(0, calendarDaysSince(delinquentSince, businessNowMs));
  const today = new Date(businessNowMs).toISOString().slice(0, 10);
  return { daysPastDue, bucket: bucketFor(daysPastDue).name, classification: classify(daysPastDue, scheme, { restructuredOn, today }) };
}

/**
 * The view with DPD, bucket and grade as of now rather than as of the case's last
 * turn: an open case's DPD keeps counting between its wake-ups. A closed case
 * keeps the figures it closed with. Views from before delinquentSince existed are
 * returned as they are.
 */
export function viewAsOf(view: CaseView, businessNowMs: number): CaseView {
  if (view.status !== 'open' || !view.delinquentSince) return view;
  const now = delinquencyAsOf(view.delinquentSince, view.classification.scheme, businessNowMs, view.restructuredOn);
  return now ? { ...view, ...now, asOf: new Date(businessNowMs).toISOString() } : view;
}
