// One command on many cases, from the browser: the case list's bulk pause and
// assign agency run here, over the same per-case command routes the case page
// uses, a few at a time.
//
// Why a client loop and not a server bulk endpoint: a selection is at most one
// page of the list (50 cases), and each command is one workflow update that the
// case itself validates (an already paused or closed case refuses with its own
// reason). Four at a time finishes a page in seconds without crowding the API or
// the worker, and every outcome the page shows is a real answer for one case.
// Thousands of cases (a whole filter) would want a server-side bulk endpoint that
// starts a Temporal batch or workflow, which survives the tab being closed; that
// is not what a page selection needs.
//
// Cancelling stops sending: the commands already sent are let finish and
// counted as they answer (an update on its way may well have reached the
// case), the rest are reported as not sent.

/** How many commands are in flight at once. */
export const BULK_CONCURRENCY = 4;

export interface BulkFailure {
  caseId: string;
  /** The API's sentence for this case, with its reason code. */
  reason: string;
}

export interface BulkProgress {
  total: number;
  /** Answered, either way. */
  done: number;
  succeeded: string[];
  failures: BulkFailure[];
  /** Not sent, because the run was cancelled first. */
  notSent: string[];
  running: boolean;
  cancelled: boolean;
}

/** The outcome of one case's command: undefined when it was done, else the reason it was not. */
export type CaseCommand = (caseId: string) => Promise<string | undefined>;

export const startingProgress = (caseIds: readonly string[]): BulkProgress => ({
  total: caseIds.length,
  done: 0,
  succeeded: [],
  failures: [],
  notSent: [],
  running: true,
  cancelled: false,
});

/**
 * Runs `command` on every case, BULK_CONCURRENCY at a time, telling `report` the
 * progress after each answer. `cancelled()` is asked before each send.
 */
export async function runBulk(
  caseIds: readonly string[],
  command: CaseCommand,
  report: (progress: BulkProgress) => void,
  cancelled: () => boolean,
): Promise<BulkProgress> {
  let progress = startingProgress(caseIds);
  report(progress);
  const update = (change: (previous: BulkProgress) => BulkProgress) => {
    progress = change(progress);
    report(progress);
  };
  let next = 0;
  async function lane(): Promise<void> {
    while (next < caseIds.length) {
      if (cancelled()) {
        const unsent = caseIds.slice(next);
        next = caseIds.length;
        update((p) => ({ ...p, cancelled: true, notSent: [...p.notSent, ...unsent] }));
        return;
      }
      const caseId = caseIds[next++];
      let reason: string | undefined;
      try {
        reason = await command(caseId);
      } catch (error) {
        reason = (error as Error).message;
      }
      update((p) =>
        reason === undefined
          ? { ...p, done: p.done + 1, succeeded: [...p.succeeded, caseId] }
          : { ...p, done: p.done + 1, failures: [...p.failures, { caseId, reason }] },
      );
    }
  }
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, caseIds.length) }, lane));
  update((p) => ({ ...p, running: false }));
  return progress;
}
