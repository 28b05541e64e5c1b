// What the bench's in-process workers have seen, so the scenarios learn it
// without polling the services under test: which workflows have parked (a case
// once its read model is written, a trivial workflow once its timer is set),
// which cases finished their ladder, which skeletons wait for their finish
// signal, and how long the case activities took.
import type { CaseProgress } from '../src/activities/case-records';

const LADDER_DAYS = 180;

/** `case-<prefix>-<n>` or `<prefix>-<n>` → `<prefix>` */
export function prefixOf(workflowId: string): string {
  return workflowId.replace(/^case-/, '').slice(0, workflowId.replace(/^case-/, '').lastIndexOf('-'));
}

export class WorkerWatch {
  private readonly parked = new Map<string, Set<string>>();
  private timings = new Map<string, { calls: number; failed: number; totalMs: number }>();
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

  caseRecorded({ caseId, view }: CaseProgress): void {
    this.markParked(caseId);
    // Waiting for nothing but a payment or a person: not a contact the guard deferred, whose timer would come first.
    const idle = view.waitingFor ? view.waitingFor[0]?.kind === 'nothing' : view.nextAction === null;
    if (view.status === 'open' && idle && view.daysPastDue >= LADDER_DAYS) this.ladderDone.set(caseId, view.balance);
  }

  timed(activity: string, ms: number, failed: boolean): void {
    const tally = this.timings.get(activity) ?? { calls: 0, failed: 0, totalMs: 0 };
    tally.calls += 1;
    tally.failed += failed ? 1 : 0;
    tally.totalMs += ms;
    this.timings.set(activity, tally);
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
