// The stack end to end: a workflow on the real time-skipping server runs an
// activity against the real MongoDB-compatible server, sleeps 30 days on a
// durable timer, completes, and its history replays.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { activityDependencies } from '../../src/activities';
import { caseWorkerActivities } from '../../src/cases/worker-activities';
import { loadConfig } from '../../src/config';
import { stackCheckModel } from '../../src/db/stack-check';
import { stackCheck } from '../../src/workflows';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { TEST_TASK_QUEUE, testDataConverter, testWorker, timeSkippingEnvironment } from '../support/temporal';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';

let env: TestWorkflowEnvironment;
let db: TestDatabase;

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnvironment(), openTestDatabase()]);
});

afterAll(async () => {
  await Promise.all([env?.teardown(), db?.drop()]);
});

test('a workflow writes to MongoDB, waits 30 days, completes, and its history replays', async () => {
  const checkId = `smoke-${randomUUID()}`;
  const worker = await testWorker(env, caseWorkerActivities(activityDependencies(loadConfig(), db.connection)));

  const { result, history, skipped } = await worker.runUntil(async () => {
    const before = await env.currentTimeMs();
    const handle = await env.client.workflow.start(stackCheck, {
      taskQueue: TEST_TASK_QUEUE,
      workflowId: checkId,
      args: [checkId, '30 days'],
    });
    const result = await handle.result();
    const skipped = (await env.currentTimeMs()) - before;
    return { result, history: await handle.fetchHistory(), skipped };
  });

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
