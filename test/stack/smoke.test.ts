// The stack end to end: a workflow on the real time-skipping server runs an
// activity against the real MongoDB-compatible server, sleeps 30 days on a
// durable timer, completes, and its history replays.
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { activityDependencies } from '../../src/activities';
import { caseWorkerActivities } from '../../src/cases/worker-activities';
import { loadConfig } from '../../src/config';
import { stackCheckModel } from '../../src/db/stack-check';
import { stackCheck } from '../../src/workflows';
import { TEST_DEBTOR_LINK_SECRET } from '../support/api';
import { TEST_TASK_QUEUE, testDataConverter } from '../support/temporal';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';
import { caseSuite } from '../support/suites';

// The activities as worker.ts assembles them, from configuration, over the suite's database.
const suite = caseSuite({
  activities: ({ connection }) => caseWorkerActivities(activityDependencies(loadConfig({ ...process.env, DEBTOR_LINK_SECRET: TEST_DEBTOR_LINK_SECRET }), connection)),
});

test('a workflow writes to MongoDB, waits 30 days, completes, and its history replays', async () => {
  const checkId = `smoke-${randomUUID()}`;
  const { env, db } = suite;

  const before = await env.currentTimeMs();
  const handle = await env.client.workflow.start(stackCheck, {
    taskQueue: TEST_TASK_QUEUE,
    workflowId: checkId,
    args: [checkId, '30 days'],
  });
  const result = await handle.result();
  const skipped = (await env.currentTimeMs()) - before;
  const history = await handle.fetchHistory();

  expect(result).toEqual({ checkId, readBack: checkId, waited: '30 days' });
  expect(skipped).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
  const stored = await stackCheckModel(db.connection).findOne({ checkId }).lean();
  expect(stored?.status).toBe('completed');
  expect(history.events?.some((event) => event.timerStartedEventAttributes)).toBe(true);

  await expect(
    Worker.runReplayHistory(
      { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, dataConverter: testDataConverter },
      history,
      checkId,
    ),
  ).resolves.toBeUndefined();
});
