import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { createCaseWorker } from '../../src/temporal/worker';
import { toolPath } from '../../src/tools';
import { registerCaseSearchAttributes } from '../../src/temporal/search-attributes-check';
import { dataConverter } from '../../src/security/data-converter';
import { CASE_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { TEST_KEYRING } from '../fixtures/keyring';
import { WORKFLOW_BUNDLE_PATH } from './paths';

export const TEST_TASK_QUEUE = 'arrears-test';

/** The dev server's own start-up chatter stays out of test output. */
export const DEV_SERVER_LOG = { format: 'pretty', level: 'never' };

/** Every client and worker in the tests encrypts, as in production. */
export const testDataConverter = dataConverter(TEST_KEYRING);

/** The time-skipping test server, from the binary scripts/install.sh installed, with the case search attributes. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
    client: { dataConverter: testDataConverter },
  });
  await registerCaseSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/**
 * The Temporal dev server (in memory, case search attributes registered), for
 * what the time-skipping server lacks: schedules, update-with-start, visibility.
 */
export function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: toolPath('temporal') },
      searchAttributes: CASE_SEARCH_ATTRIBUTES,
      ui: false,
      log: DEV_SERVER_LOG,
    },
    client: { dataConverter: testDataConverter },
  });
}

/** A worker on the test task queue running the bundle global-setup built, with these activities (real or stubbed). */
export function testWorker(
  env: TestWorkflowEnvironment,
  activities: object,
  overrides: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return createCaseWorker({
    connection: env.nativeConnection,
    config: { TEMPORAL_NAMESPACE: env.namespace ?? 'default', TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE, codecKeyring: TEST_KEYRING },
    activities,
    workflowBundlePath: WORKFLOW_BUNDLE_PATH,
    overrides,
  });
}
