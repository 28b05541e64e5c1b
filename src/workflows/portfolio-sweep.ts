// The portfolio sweep: pages through the loan book for past-due loans and opens
// a case for each that has none. A Temporal Schedule runs it daily (or as
// configured); the API can start it on demand. A large book continues as new
// between pages, carrying the position and the totals. After the last page it
// takes the day's snapshot of the open cases, for the reports.
import { continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BusinessClock, SweepActivities, SweepPage, SweepSnapshot } from '../domain';

const portfolio = proxyActivities<SweepActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * A sweep's counts so far: its pages' counts added up (reopened and stayedClosed
 * absent in totals carried from before they were counted), and once done, the
 * day's snapshot (absent on sweeps from before the daily-snapshot patch).
 */
export type SweepTotals = Omit<SweepPage, 'next'> & { pages: number; snapshot?: SweepSnapshot };

/**
 * The sweep takes the day's snapshot after its last page: one activity more. A
 * sweep that started before replays without it. Only the sweep's histories can
 * hold the marker (the case workflow's PATCHES are another workflow's).
 */
export const DAILY_SNAPSHOT_PATCH = 'daily-snapshot';

export interface SweepInput {
  clock: BusinessClock;
  pageSize?: number;
  /** Carried by continue-as-new. */
  after?: string;
  totals?: SweepTotals;
}

export const SWEEP_PAGE_SIZE = 200;

function addPage(totals: SweepTotals, page: SweepPage): SweepTotals {
  return {
    pages: totals.pages + 1,
    examined: totals.examined + page.examined,
    opened: totals.opened + page.opened,
    reopened: (totals.reopened ?? 0) + (page.reopened ?? 0),
    alreadyOpen: totals.alreadyOpen + page.alreadyOpen,
    stayedClosed: (totals.stayedClosed ?? 0) + (page.stayedClosed ?? 0),
    skipped: totals.skipped + page.skipped,
  };
}

export async function portfolioSweep(input: SweepInput): Promise<SweepTotals> {
  const limit = input.pageSize ?? SWEEP_PAGE_SIZE;
  let totals = input.totals ?? { pages: 0, examined: 0, opened: 0, reopened: 0, alreadyOpen: 0, stayedClosed: 0, skipped: 0 };
  let after = input.after;
  for (;;) {
    const page = await portfolio.sweepPastDuePage({ clock: input.clock, taskQueue: workflowInfo().taskQueue, after, limit, asOfMs: Date.now() });
    totals = addPage(totals, page);
    if (page.next === undefined) {
      if (patched(DAILY_SNAPSHOT_PATCH)) totals = { ...totals, snapshot: await portfolio.takeDailySnapshot({ clock: input.clock, asOfMs: Date.now() }) };
      return totals;
    }
    after = page.next;
    if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof portfolioSweep>({ ...input, after, totals });
  }
}
