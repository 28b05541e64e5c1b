// A workflow that exercises the whole stack once: an activity writes to and
// reads from MongoDB, a durable timer holds the workflow for a business month,
// and the history it leaves must replay. `npm test` runs it as the smoke test;
// operators can start it against a new deployment the same way.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { StackCheckActivities } from '../activities/stack-check';

const records = proxyActivities<StackCheckActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

export interface StackCheckResult {
  checkId: string;
  readBack: string;
  waited: Duration;
}

export async function stackCheck(checkId: string, wait: Duration = '30 days'): Promise<StackCheckResult> {
  const readBack = await records.recordStackCheck(checkId);
  await sleep(wait);
  await records.completeStackCheck(checkId);
  return { checkId, readBack, waited: wait };
}
