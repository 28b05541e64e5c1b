// What the bench's workers have seen, so the scenarios learn it without polling
// the services under test: which workflows have parked (a case once its read
// model is written, a trivial workflow once its timer is set), which cases
// finished their ladder, which skeletons wait for their finish signal, and how
// long the case activities took. The floor worker runs in the bench process and
// tells the watch directly; the case worker runs in its own process
// (bench/worker-process.ts) and sends what it saw in batches (WatchBatch).
import type { CaseProgress } from '../src/activities/case-records';

const LADDER_DAYS = 180;

/** `case-<prefix>-<n>` or `<prefix>-<n>` → `<prefix>` */
export function prefixOf(workflowId: string): string {
  return workflowId.replace(/^case-/, '').slice(0, workflowId.replace(/^case-/, '').lastIndexOf('-'));
}

/** What the case activities tell the watch, in whichever process they run. */
export interface WatchSink {
  caseRecorded(progress: CaseProgress): void;
  timed(activity: string, ms: number, failed: boolean): void;
}

/** What a case worker in another process saw since its last batch. */
export interface WatchBatch {
  parked: string[];
  /** Cases that finished their ladder, with the balance that pays them off. */
  ladderDone: [string, number][];
  timings: [string, Tally][];
}

type Tally = { calls: number; failed: number; totalMs: number };

/** Adds `more` to the activity's tally in `timings`. */
function addTally(timings: Map<string, Tally>, activity: string, more: Tally): void {
  const tally = timings.get(activity) ?? { calls: 0, failed: 0, totalMs: 0 };
  tally.calls += more.calls;
  tally.failed += more.failed;
  tally.totalMs += more.totalMs;
  timings.set(activity, tally);
}

/** The balance that pays a case off, once the case is past DPD 180 with nothing left on its ladder; otherwise undefined. */
function ladderDoneBalance({ view }: CaseProgress): number | undefined {
  // Waiting for nothing but a payment or a person: not a contact the guard deferred, whose timer would come first.
  const idle = view.waitingFor ? view.waitingFor[0]?.kind === 'nothing' : view.nextAction === null;
  return view.status === 'open' && idle && view.daysPastDue >= LADDER_DAYS ? view.balance : undefined;
}

/** The case worker process's side: gathers what its activities tell, for the bench to merge. */
export class BatchingWatch implements WatchSink {
  private parked: string[] = [];
  private ladderDone: [string, number][] = [];
  private timings = new Map<string, Tally>();

  caseRecorded(progress: CaseProgress): void {
    this.parked.push(progress.caseId);
    const balance = ladderDoneBalance(progress);
    if (balance !== undefined) this.ladderDone.push([progress.caseId, balance]);
  }

  timed(activity: string, ms: number, failed: boolean): void {
    addTally(this.timings, activity, { calls: 1, failed: failed ? 1 : 0, totalMs: ms });
  }

  /** What was seen since the last take, or undefined when nothing was. */
  take(): WatchBatch | undefined {
    if (!this.parked.length && !this.ladderDone.length && !this.timings.size) return undefined;
    const batch = { parked: this.parked, ladderDone: this.ladderDone, timings: [...this.timings] };
    [this.parked, this.ladderDone, this.timings] = [[], [], new Map()];
    return batch;
  }
}

export class WorkerWatch implements WatchSink {
  private readonly parked = new Map<string, Set<string>>();
  private timings = new Map<string, Tally>();
  /** Cases past DPD 180 with nothing left on their ladder, and the balance that would pay them off. */
  readonly ladderDone = new Map<string, number>();
  /** Skeleton workflows whose ladder is done and that wait for their finish signal. */
  readonly skeletonsWaiting = new Set<string>();

  /** Workflows under the bench prefix that have parked at least once. */
  parkedCount(prefix: string): number {
    return this.parked.get(prefix)?.size ?? 0;
  }

  markParked(workflowId: string): void {
    const prefix = prefixOf(workflowId);
    if (!this.parked.has(prefix)) this.parked.set(prefix, new Set());
    this.parked.get(prefix)!.add(workflowId);
  }

  caseRecorded(progress: CaseProgress): void {
    this.markParked(progress.caseId);
    const balance = ladderDoneBalance(progress);
    if (balance !== undefined) this.ladderDone.set(progress.caseId, balance);
  }

  timed(activity: string, ms: number, failed: boolean): void {
    addTally(this.timings, activity, { calls: 1, failed: failed ? 1 : 0, totalMs: ms });
  }

  /** What the case worker process saw, as if its activities had told this watch. */
  merge(batch: WatchBatch): void {
    for (const caseId of batch.parked) this.markParked(caseId);
    for (const [caseId, balance] of batch.ladderDone) this.ladderDone.set(caseId, balance);
    for (const [activity, tally] of batch.timings) addTally(this.timings, activity, tally);
  }

  /** Calls (and failed attempts, which the worker retries) and mean duration of each case activity since the last take, in ms. */
  takeActivityTimings(): Record<string, { calls: number; failed: number; meanMs: number }> {
    const taken = Object.fromEntries(
      [...this.timings].map(([name, { calls, failed, totalMs }]) => [name, { calls, failed, meanMs: Number((totalMs / calls).toFixed(1)) }]),
    );
    this.timings = new Map();
    return taken;
  }
}
