// The case worker's activities as the bench runs them: the real ones, with two
// additions that change nothing they do.
// * Routing: ladder cases write to a database of their own. On FerretDB a write
//   costs time in proportion to the collection it scans, so the lifecycle figures
//   would otherwise depend on how many cases intake opened before them.
// * Watching: the bench learns that a case has parked (its read model written)
//   or finished its ladder from the activity itself, instead of polling the
//   database under test; and how long each activity takes.
import type mongoose from 'mongoose';
import type { Activities } from '../src/activities';
import type { CaseProgress } from '../src/activities/case-records';
import { prefixOf, type WatchSink } from './watch';

export const LADDER_PREFIX = 'ladder';
/** The case an activity's input belongs to: its caseId, or the case in its idempotency key or task id (`<caseId>:<seq>`). */
function caseIdOf(input: unknown): string | undefined {
  const { caseId, idempotencyKey, taskId } = (input ?? {}) as { caseId?: unknown; idempotencyKey?: unknown; taskId?: unknown };
  const found = [caseId, idempotencyKey, taskId].find((value): value is string => typeof value === 'string');
  return found?.split(':')[0];
}

export function benchCaseActivities(
  activitiesOver: (database: mongoose.Connection) => Activities,
  main: mongoose.Connection,
  ladder: mongoose.Connection,
  watch: WatchSink,
): Activities {
  const [forMain, forLadder] = [activitiesOver(main), activitiesOver(ladder)];
  const route = (args: unknown[]) => {
    const caseId = caseIdOf(args[0]);
    return caseId && prefixOf(caseId).startsWith(LADDER_PREFIX) ? forLadder : forMain;
  };
  const routed = Object.fromEntries(
    Object.keys(forMain).map((name) => [
      name,
      async (...args: unknown[]) => {
        const start = performance.now();
        let failed = true;
        try {
          const result = await (route(args)[name as keyof Activities] as (...a: unknown[]) => Promise<unknown>)(...args);
          failed = false;
          return result;
        } finally {
          watch.timed(name, performance.now() - start, failed);
        }
      },
    ]),
  ) as Activities;
  return {
    ...routed,
    async recordCaseProgress(progress: CaseProgress) {
      await routed.recordCaseProgress(progress);
      watch.caseRecorded(progress);
    },
  };
}
