// The "new release" of the rolling-upgrade fault (faults.test.ts): the case
// workflows as they are, plus a workflow change guarded by patched(), bundled
// into the workers deployed one at a time. The change issues a command the old
// code does not (an upsertMemo naming the release), so an old worker that
// replayed a history holding it would fail the task on nondeterminism: what a
// careless deploy risks, and what the test shows does not happen.
import { patched, upsertMemo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const ROLLING_UPGRADE_PATCH = 'cluster-rolling-upgrade';
export const RELEASE = 'rolling-upgrade-v2';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let recorded = false;
  return {
    outbound: [
      {
        scheduleActivity(input, next) {
          // Not while replaying a history the old code wrote: patched() is false there, and true from the first new step on.
          if (!recorded && patched(ROLLING_UPGRADE_PATCH)) {
            upsertMemo({ release: RELEASE });
            recorded = true;
          }
          return next(input);
        },
      },
    ],
  };
};
