// Opening cases for overdue loans: one loan at a time for the API, a page of the
// loan book at a time for the portfolio sweep. Opening is idempotent (the case id
// derives from the loan id), so a retried page opens nothing twice.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { businessTime, daysPastDue, type BusinessClock } from '../domain';
import { loanBook, type LoanBook } from '../db/loans';
import { strategyStore, type StrategyStore } from '../db/strategies';
import { openCase } from '../temporal/cases';
import { caseIdFor } from '../workflows/collection-case/case-state';

export interface CaseOpeningDependencies {
  temporal: Client;
  loans: LoanBook;
  strategies: StrategyStore;
  clock: BusinessClock;
  taskQueue: string;
}

export type CaseOpening =
  | { outcome: 'opened' | 'already-open'; caseId: string }
  | { outcome: 'loan-not-found' | 'not-overdue'; caseId: string };

async function isRunning(temporal: Client, caseId: string): Promise<boolean> {
  try {
    return (await temporal.workflow.getHandle(caseId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * Opens the loan's case on the default strategy when the loan book says it is
 * past due now (business time). The case receives the Loan, never the contact.
 */
export async function openCaseForLoan(deps: CaseOpeningDependencies, loanId: string, openedBy: string): Promise<CaseOpening> {
  const caseId = caseIdFor(loanId);
  const record = await deps.loans.get(loanId);
  if (!record) return { outcome: 'loan-not-found', caseId };
  if (daysPastDue(record.loan.installments, businessTime(deps.clock, Date.now())) < 1) return { outcome: 'not-overdue', caseId };
  if (await isRunning(deps.temporal, caseId)) return { outcome: 'already-open', caseId };
  const strategy = await deps.strategies.defaultStrategy();
  await openCase(deps.temporal, { loan: record.loan, strategy, clock: deps.clock, openedBy, taskQueue: deps.taskQueue });
  return { outcome: 'opened', caseId };
}

export interface SweepPageRequest {
  clock: BusinessClock;
  /** Where the cases run: the sweep's own task queue. */
  taskQueue: string;
  /** The last loanId of the previous page. */
  after?: string;
  limit: number;
}

export interface SweepPage {
  examined: number;
  opened: number;
  alreadyOpen: number;
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
      const deps = { temporal: Context.current().client, loans, strategies, clock: request.clock, taskQueue: request.taskQueue };
      const today = new Date(businessTime(request.clock, Date.now())).toISOString().slice(0, 10);
      const loanIds = await loans.pastDueLoanIds(today, request.after, request.limit);
      const page: SweepPage = { examined: loanIds.length, opened: 0, alreadyOpen: 0, skipped: 0 };
      for (let start = 0; start < loanIds.length; start += PARALLEL_OPENINGS) {
        const openings = await Promise.all(loanIds.slice(start, start + PARALLEL_OPENINGS).map((loanId) => openCaseForLoan(deps, loanId, 'portfolio-sweep')));
        for (const { outcome } of openings) {
          if (outcome === 'opened') page.opened += 1;
          else if (outcome === 'already-open') page.alreadyOpen += 1;
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
