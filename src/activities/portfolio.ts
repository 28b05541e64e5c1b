// Opening cases for overdue loans: one loan at a time for the API, a page of the
// loan book at a time for the portfolio sweep. Opening is idempotent (the case id
// derives from the loan id), so a retried page opens nothing twice.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { businessTime, caseIdFor, daysPastDue, endsCollectionForGood, oldestUnpaidDueDate, type BusinessClock, type CaseView, type Loan } from '../domain';
import { caseModel, caseViewModel, type CaseRecord, type CaseViewRecord } from '../db/cases';
import { loanBook, type LoanBook } from '../db/loans';
import { strategyStore, type StrategyStore } from '../db/strategies';
import { openCase } from '../temporal/cases';
import type { Reopening } from '../workflows/collection-case/case-state';

export interface CaseOpeningDependencies {
  temporal: Client;
  database: mongoose.Connection;
  loans: LoanBook;
  strategies: StrategyStore;
  clock: BusinessClock;
  /** Business time now, epoch ms: what "past due" and "closed before" are judged against. */
  businessNow(): number;
  taskQueue: string;
}

export type CaseOpening =
  | { outcome: 'opened' | 'reopened' | 'already-open'; caseId: string }
  | { outcome: 'loan-not-found' | 'not-overdue'; caseId: string }
  /** The case closed and nothing since calls for another: no new delinquency, or it ended collection for good. */
  | { outcome: 'stayed-closed'; caseId: string; reason: string };

/** A supervisor's reopen: who asked is `openedBy`, and why is recorded on the new run. */
export interface ReopenRequest {
  reason: string;
}

async function isRunning(temporal: Client, caseId: string): Promise<boolean> {
  try {
    return (await temporal.workflow.getHandle(caseId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Why a closed case opens again by itself, or why it stays closed: only a new
 * delinquency opens it, one whose oldest unpaid installment fell due on or after
 * the day the case closed (the loan was cured or paid, then missed another), and
 * never after a closure that ended collection for good.
 */
function afterClosure(previous: CaseRecord, loan: Loan): { reopen: true; reason: string } | { reopen: false; reason: string } {
  const outcome = previous.closureOutcome ?? 'closed';
  const closedOn = previous.closedAt ? isoDay(new Date(previous.closedAt)) : undefined;
  const closed = `case ${previous.caseId} closed (${outcome})${closedOn ? ` on ${closedOn}` : ''}`;
  if (endsCollectionForGood(outcome)) {
    return { reopen: false, reason: `${closed}, which ends collection on the loan for good; only a supervisor's reopen opens it again` };
  }
  const since = oldestUnpaidDueDate(loan.installments);
  if (since && closedOn && since >= closedOn) {
    return { reopen: true, reason: `new delinquency: the installment due ${since} is unpaid, after the ${closed}` };
  }
  return {
    reopen: false,
    reason: `${closed} and the loan has had no new delinquency since (unpaid since ${since}); a supervisor reopens it with a reason`,
  };
}

/**
 * Where a new run takes over from the last: its events and actions continue the
 * numbering (a view from before actions were counted had at most one action an
 * event), and on the same delinquency the steps already done stay done.
 */
function continuing(previous: CaseRecord, view: CaseView | undefined, loan: Loan): Omit<Reopening, 'run' | 'reason'> {
  const eventsBefore = Math.max(previous.eventCount, view?.eventCount ?? 0);
  const actionsBefore = view?.actionCount ?? eventsBefore;
  const sameDelinquency = view?.delinquentSince != null && view.delinquentSince === oldestUnpaidDueDate(loan.installments);
  return {
    eventsBefore,
    actionsBefore,
    ...(sameDelinquency && { completedSteps: view.completedSteps, stepOutcomes: view.stepOutcomes }),
  };
}

/**
 * Opens the loan's case on the default strategy when the loan book says it is
 * past due now (business time). The case receives the Loan, never the contact.
 * A closed case opens again, as a new run continuing its timeline, on a new
 * delinquency after the closure or on a supervisor's reopen; otherwise it stays
 * closed. A supervisor's reopen of a case that never existed opens it.
 */
export async function openCaseForLoan(deps: CaseOpeningDependencies, loanId: string, openedBy: string, reopen?: ReopenRequest): Promise<CaseOpening> {
  const caseId = caseIdFor(loanId);
  const record = await deps.loans.get(loanId);
  if (!record) return { outcome: 'loan-not-found', caseId };
  if (daysPastDue(record.loan.installments, deps.businessNow()) < 1) return { outcome: 'not-overdue', caseId };
  if (await isRunning(deps.temporal, caseId)) return { outcome: 'already-open', caseId };

  // The read model of the last run: written before that run ended, so it is there once the run is not running.
  const [previous, last] = await Promise.all([
    caseModel(deps.database).findById(caseId).lean<CaseRecord>(),
    caseViewModel(deps.database).findById(caseId).lean<CaseViewRecord>(),
  ]);
  let reopening: Reopening | undefined;
  if (previous) {
    const verdict = reopen ? { reopen: true, reason: `reopened by ${openedBy}: ${reopen.reason}` } : previous.status === 'closed' ? afterClosure(previous, record.loan) : undefined;
    if (verdict && !verdict.reopen) return { outcome: 'stayed-closed', caseId, reason: verdict.reason };
    // A run that ended without closing (terminated by an operator) is followed by a new one too.
    const reason = verdict?.reason ?? `the previous run of case ${caseId} ended without closing`;
    reopening = { run: (previous.run ?? 1) + 1, reason, ...continuing(previous, last?.view, record.loan) };
  }
  const strategy = await deps.strategies.defaultStrategy();
  await openCase(deps.temporal, { loan: record.loan, strategy, clock: deps.clock, openedBy, taskQueue: deps.taskQueue, reopening });
  return { outcome: reopening ? 'reopened' : 'opened', caseId };
}

export interface SweepPageRequest {
  clock: BusinessClock;
  /** Where the cases run: the sweep's own task queue. */
  taskQueue: string;
  /** The last loanId of the previous page. */
  after?: string;
  limit: number;
  /** The sweep's own time (wall, epoch ms), so a page retried later judges the loans as of when the sweep ran; now when absent. */
  asOfMs?: number;
}

export interface SweepPage {
  examined: number;
  opened: number;
  /** Closed cases opened again for a new delinquency after their closure. */
  reopened?: number;
  alreadyOpen: number;
  /** Closed cases left closed: no new delinquency since, or closed for good. */
  stayedClosed?: number;
  /** Paid since the page was read, or gone. */
  skipped: number;
  /** The loanId to continue after; absent on the last page. */
  next?: string;
}

const PARALLEL_OPENINGS = 8;

export function createPortfolioActivities(connection: mongoose.Connection) {
  const loans = loanBook(connection);
  const strategies = strategyStore(connection);
  return {
    /** Opens cases for one page of past-due loans, in loanId order. */
    async sweepPastDuePage(request: SweepPageRequest): Promise<SweepPage> {
      const businessNow = () => businessTime(request.clock, request.asOfMs ?? Date.now());
      const deps = { temporal: Context.current().client, database: connection, loans, strategies, clock: request.clock, businessNow, taskQueue: request.taskQueue };
      const today = new Date(businessNow()).toISOString().slice(0, 10);
      const loanIds = await loans.pastDueLoanIds(today, request.after, request.limit);
      const page: Required<Omit<SweepPage, 'next'>> & Pick<SweepPage, 'next'> = { examined: loanIds.length, opened: 0, reopened: 0, alreadyOpen: 0, stayedClosed: 0, skipped: 0 };
      for (let start = 0; start < loanIds.length; start += PARALLEL_OPENINGS) {
        const openings = await Promise.all(loanIds.slice(start, start + PARALLEL_OPENINGS).map((loanId) => openCaseForLoan(deps, loanId, 'portfolio-sweep')));
        for (const { outcome } of openings) {
          if (outcome === 'opened') page.opened += 1;
          else if (outcome === 'reopened') page.reopened += 1;
          else if (outcome === 'already-open') page.alreadyOpen += 1;
          else if (outcome === 'stayed-closed') page.stayedClosed += 1;
          else page.skipped += 1;
        }
        Context.current().heartbeat(start);
      }
      if (loanIds.length === request.limit) page.next = loanIds[loanIds.length - 1];
      return page;
    },
  };
}

export type PortfolioActivities = ReturnType<typeof createPortfolioActivities>;
