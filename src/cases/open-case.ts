// Opening a case for an overdue loan, the one path the API, the CLI and the
// portfolio sweep share. Opening is idempotent (the case id derives from the
// loan id); a closed case opens again only on a new delinquency after its
// closure, or on a supervisor's reopen, as a new run continuing its timeline.
import { caseIdFor, daysPastDue, endsCollectionForGood, oldestUnpaidDueDate, type CaseView, type Loan } from '../domain';
import { caseModel, caseViewModel, type CaseRecord, type CaseViewRecord } from '../db/cases';
import { openCase } from '../temporal/cases';
import type { Reopening } from '../workflows/collection-case/case-state';
import { isRunning } from './case-handles';
import type { CaseServices } from './services';

/** What opening needs of the case services. */
export type CaseOpeningDependencies = Pick<CaseServices, 'temporal' | 'database' | 'loans' | 'strategies' | 'clock' | 'businessNow' | 'taskQueue'>;

export type CaseOpening =
  | { outcome: 'opened' | 'reopened' | 'already-open'; caseId: string }
  | { outcome: 'loan-not-found' | 'not-overdue'; caseId: string }
  /** The case closed and nothing since calls for another: no new delinquency, or it ended collection for good. */
  | { outcome: 'stayed-closed'; caseId: string; reason: string };

/** A supervisor's reopen: who asked is `openedBy`, and why is recorded on the new run. */
export interface ReopenRequest {
  reason: string;
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
