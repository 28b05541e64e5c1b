// The worker's start-up check: it refuses a namespace without the case search
// attributes, says how to register them, and passes once they are there.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  assertCaseSearchAttributes,
  MissingSearchAttributesError,
  registerCaseSearchAttributes,
} from '../../src/temporal/search-attributes-check';
import { toolPath } from '../../src/tools';
import { DEV_SERVER_LOG } from '../support/temporal';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  // A bare dev server: nothing registered.
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: toolPath('temporal') }, ui: false, log: DEV_SERVER_LOG },
  });
});

afterAll(async () => {
  await env?.teardown();
});

test('refuses a namespace without the case search attributes, then accepts it once registered', async () => {
  const check = assertCaseSearchAttributes(env.client, 'default');
  await expect(check).rejects.toBeInstanceOf(MissingSearchAttributesError);
  await expect(check).rejects.toThrow(
    /lacks the search attributes ArrearsStage, .*ArrearsPublishedAt\. Register them with: temporal operator search-attribute create --namespace default --name ArrearsStage --type Keyword/,
  );

  await registerCaseSearchAttributes(env.connection, 'default');
  await expect(assertCaseSearchAttributes(env.client, 'default')).resolves.toBeUndefined();
});
