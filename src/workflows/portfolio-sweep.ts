// The portfolio sweep: pages through the loan book for past-due loans and opens
// a case for each that has none. A Temporal Schedule runs it daily (or as
// configured); the API can start it on demand. A large book continues as new
// between pages, carrying the position and the totals.
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BusinessClock, SweepActivities, SweepPage } from '../domain';

const portfolio = proxyActivities<SweepActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** A sweep's counts so far: its pages' counts added up (reopened and stayedClosed absent in totals carried from before they were counted). */
export type SweepTotals = Omit<SweepPage, 'next'> & { pages: number };

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
    if (page.next === undefined) return totals;
    after = page.next;
    if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof portfolioSweep>({ ...input, after, totals });
  }
}
