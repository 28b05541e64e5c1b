// What a supervisor, the API and the read model see of a case. Times are ISO-8601
// business time. No PII: the debtor appears only as an opaque reference.
import type { Assessment, Classification, HoldKind, StepOutcome } from '../../domain';

export const STAGES = ['monitor', 'assess', 'strategy', 'collect', 'follow-up', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export type CaseOutcome = 'paid' | 'cured' | 'closed' | 'dispute-resolved-for-debtor';

export interface CaseEvent {
  /** Position in the case's event log, from 1. */
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
    | 'closed';
  actor: string;
  reason: string;
  data?: Record<string, unknown>;
}

export interface HoldView {
  kind: HoldKind;
  reason: string;
  actor: string;
  since: string;
  /** For a promise to pay: the promised amount and date. */
  amount?: number;
  until?: string;
}

export interface CaseView {
  caseId: string;
  loanId: string;
  status: 'open' | 'closed';
  stage: Stage;
  daysPastDue: number;
  bucket: string;
  classification: Classification;
  segment: string | null;
  score: number | null;
  assessment: Assessment | null;
  /** Outstanding balance in minor units of `currency`. */
  balance: number;
  currency: string;
  paused: { reason: string; actor: string; since: string; until?: string } | null;
  holds: HoldView[];
  nextAction: { at: string; atDpd?: number; reason: string } | null;
  strategy: { id: string; version: number; variant: string };
  agency: { name: string; placedAt: string } | null;
  completedSteps: string[];
  stepOutcomes: Record<string, StepOutcome>;
  promisesKept: number;
  promisesBroken: number;
  closure: { outcome: CaseOutcome; reason: string; actor: string; at: string } | null;
  eventCount: number;
  recentEvents: CaseEvent[];
}
