// The portfolio sweep's contract between its workflow and its activity: a page
// of the loan book at a time, in loanId order, with what became of each loan.
import type { BusinessClock } from './business-time';

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

export interface SweepActivities {
  /** Opens cases for one page of past-due loans. */
  sweepPastDuePage(request: SweepPageRequest): Promise<SweepPage>;
}
