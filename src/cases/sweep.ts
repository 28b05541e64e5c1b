// The portfolio sweep's activity: opens the cases of one page of past-due loans
// in the loan book, through the same opening the API uses. A Temporal Schedule
// runs the sweep daily; a retried page opens nothing twice.
import { Context } from '@temporalio/activity';
import type mongoose from 'mongoose';
import { businessTime, type SweepActivities, type SweepPage, type SweepPageRequest, type SweepSnapshotRequest } from '../domain';
import { loanBook } from '../db/loans';
import { strategyStore } from '../db/strategies';
import { openCaseForLoan } from './open-case';
import { takeSnapshot } from './reports/snapshots';

const PARALLEL_OPENINGS = 8;

export function createSweepActivities(connection: mongoose.Connection): SweepActivities {
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

    /** Takes the snapshot of the business day the sweep ran on; a retry writes the same documents. */
    async takeDailySnapshot(request: SweepSnapshotRequest) {
      const businessNowMs = businessTime(request.clock, request.asOfMs);
      return takeSnapshot({ database: connection, businessNow: () => businessNowMs }, { progress: (written) => Context.current().heartbeat(written) });
    },
  };
}

