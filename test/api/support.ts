// An API under test: createApp over a real database and Temporal client, with
// a signed token per role.
import { Client, Connection } from '@temporalio/client';
import type mongoose from 'mongoose';
import request from 'supertest';
import type express from 'express';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/api/app';
import { ROLES, signDevToken, type Role } from '../../src/api/auth';
import { createLogger } from '../../src/logger';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { observedActivities, type Observed } from '../channels/support';
import { startTestChannels, type TestChannels } from '../support/channels';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { TEST_TASK_QUEUE, testDataConverter, testWorker, timeSkippingEnvironment } from '../support/temporal';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';

export const TEST_JWT_SECRET = 'test-secret-for-the-api-suites-0123456789';

export function testApiConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
    API_RATE_LIMIT: '1000000',
    ...overrides,
  });
}

export type Tokens = Record<Role, string>;

export interface TestApi {
  app: express.Express;
  tokens: Tokens;
  /** A supertest agent whose requests carry the role's token. */
  as(role: Role): { get(path: string): request.Test; post(path: string): request.Test; put(path: string): request.Test };
}

export async function testApi(temporal: Client, database: mongoose.Connection, overrides: Record<string, string> = {}): Promise<TestApi> {
  const config = testApiConfig(overrides);
  const app = createApp({
    temporal,
    database,
    config,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    replay: { dataConverter: testDataConverter, workflowBundlePath: WORKFLOW_BUNDLE_PATH, idleMs: 200 },
  });
  const entries = await Promise.all(ROLES.map(async (role) => [role, await signDevToken(config, { sub: `${role}-1`, roles: [role] })] as const));
  const tokens = Object.fromEntries(entries) as Tokens;
  const as = (role: Role) => {
    const auth = (test: request.Test) => test.set('Authorization', `Bearer ${tokens[role]}`);
    return {
      get: (path: string) => auth(request(app).get(path)),
      post: (path: string) => auth(request(app).post(path)),
      put: (path: string) => auth(request(app).put(path)),
    };
  };
  return { app, tokens, as };
}

/** Every role but these: the ones a route must refuse with 403. */
export const rolesOtherThan = (...allowed: Role[]): Role[] => ROLES.filter((role) => role !== 'admin' && !allowed.includes(role));

/** A token of the test API's issuer for any subject and roles (e.g. one that names nobody). */
export const tokenFor = (sub: string, roles: Role[]) => signDevToken(testApiConfig(), { sub, roles });

/** A fixed-offset zone where it is about noon now, so no quiet hours hold a first contact back. */
export function noonZone(): string {
  const offset = ((12 - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A client that never connects: for suites whose routes do not reach Temporal. */
export const unconnectedClient = () => new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });

export interface ApiSuite {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  channels: TestChannels;
  /** The real activities, observed (see observedActivities). */
  observed: Observed;
  api: TestApi;
}

/**
 * The API over a Temporal server (time-skipping unless `environment` says
 * otherwise), a database and the sandbox providers, with one worker running the
 * real activities for the whole file; started before the file's tests, stopped after.
 */
export function apiSuite(environment: () => Promise<TestWorkflowEnvironment> = timeSkippingEnvironment): ApiSuite {
  const suite = {} as ApiSuite;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    [suite.env, suite.db, suite.channels] = await Promise.all([environment(), openTestDatabase(), startTestChannels()]);
    suite.observed = observedActivities(suite.channels.dependencies(suite.db.connection));
    worker = await testWorker(suite.env, suite.observed.activities);
    running = worker.run();
    suite.api = await testApi(suite.env.client, suite.db.connection);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await suite.env?.teardown();
    await suite.db?.drop();
    await suite.channels?.close();
  });
  return suite;
}
