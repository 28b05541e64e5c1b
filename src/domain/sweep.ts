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

/** The day's snapshot of the open cases, as the sweep took it after its last page. */
export interface SweepSnapshot {
  /** The business day, 'YYYY-MM-DD'. */
  day: string;
  cases: number;
  /** Cases an earlier take of the day held that are no longer open. */
  removed: number;
}

export interface SweepSnapshotRequest {
  clock: BusinessClock;
  /** The sweep's own time (wall, epoch ms): the business day taken is the one it falls on. */
  asOfMs: number;
}

export interface SweepActivities {
  /** Opens cases for one page of past-due loans. */
  sweepPastDuePage(request: SweepPageRequest): Promise<SweepPage>;
  /** Takes the day's snapshot of every open case (src/cases/reports/snapshots.ts). */
  takeDailySnapshot(request: SweepSnapshotRequest): Promise<SweepSnapshot>;
}
