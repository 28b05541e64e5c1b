// What a test file of cases runs on, started before its tests and stopped after
// them, built on one core: a Temporal environment (the time-skipping server, or
// the dev server on request) and one worker for the file, running the
// activities observed (see observedActivities).
//
//   caseSuite()          end-to-end tier: the real activities, over a fresh
//                        database on FerretDB and the sandbox providers
//   stubbedCaseSuite()   fast tier: stub activities (see stubActivities), no
//                        database, no sandbox
//   apiSuite()           caseSuite and the API over the same client and database;
//                        apiSuite({ temporal: false }) is the API and a database only
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Duration } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import type { ActivityDependencies } from '../../src/activities';
import { caseWorkerActivities, type CaseWorkerActivities } from '../../src/cases/worker-activities';
import type { CaseActivities } from '../../src/activities/case-activities';
import { observedActivities, type Observed } from './activities';
import { testApi, unconnectedClient, type TestApi } from './api';
import { sleepUntilLocalTime } from './cases';
import { startTestChannels, type TestChannels } from './channels';
import { openTestDatabase, type TestDatabase } from './database';
import { stubActivities, type StubActivities } from './stub-activities';
import { devServerEnvironment, testWorker, timeSkippingEnvironment } from './temporal';

export type Server = 'time-skipping' | 'dev-server';

interface WorkerSuite<Activities extends object> {
  env: TestWorkflowEnvironment;
  observed: Observed<Activities>;
  /**
   * Runs `block` with the file's worker stopped, for a test whose subject is a
   * worker of its own (one that dies mid-send, say), then starts a fresh one.
   */
  withoutWorker<T>(block: () => Promise<T>): Promise<T>;
}

/**
 * The core: the environment and, once `setUp` has given the activities, one
 * worker for the file, polling from before the first test to after the last.
 */
function workerSuite<Activities extends object, Suite extends WorkerSuite<Activities>>(
  suite: Suite,
  server: Server,
  resources: { setUp(): Promise<Activities>; tearDown(): Promise<void> },
): Suite {
  let running: { worker: Worker; done: Promise<void> } | undefined;
  const start = async () => {
    const worker = await testWorker(suite.env, suite.observed.activities);
    running = { worker, done: worker.run() };
  };
  const stop = async () => {
    const stopping = running;
    running = undefined;
    if (stopping?.worker.getState() === 'RUNNING') stopping.worker.shutdown();
    await stopping?.done;
  };
  suite.withoutWorker = async (block) => {
    await stop();
    try {
      return await block();
    } finally {
      await start();
    }
  };
  beforeAll(async () => {
    const [env, activities] = await Promise.all([server === 'dev-server' ? devServerEnvironment() : timeSkippingEnvironment(), resources.setUp()]);
    suite.env = env;
    suite.observed = observedActivities<Activities>(activities as Activities);
    await start();
  });
  afterAll(async () => {
    await stop();
    await suite.env?.teardown();
    await resources.tearDown();
  });
  return suite;
}

export interface CaseSuite extends WorkerSuite<CaseWorkerActivities> {
  db: TestDatabase;
  channels: TestChannels;
}

export interface CaseSuiteOptions {
  server?: Server;
  /** Changes to the activities' dependencies; read once the file's earlier beforeAll hooks have run. */
  dependencies?: () => Partial<ActivityDependencies>;
  /** The activities from their dependencies: the real ones unless a test changes one (say, to fail once). */
  activities?: (dependencies: ActivityDependencies) => CaseWorkerActivities;
}

/** End-to-end tier: the real activities over a fresh database and the sandbox providers. */
export function caseSuite(options: CaseSuiteOptions = {}): CaseSuite {
  const suite = {} as CaseSuite;
  return workerSuite<CaseWorkerActivities, CaseSuite>(suite, options.server ?? 'time-skipping', {
    async setUp() {
      [suite.db, suite.channels] = await Promise.all([openTestDatabase(), startTestChannels()]);
      const dependencies = suite.channels.dependencies(suite.db.connection, options.dependencies?.());
      return (options.activities ?? caseWorkerActivities)(dependencies);
    },
    async tearDown() {
      await suite.db?.drop();
      await suite.channels?.close();
    },
  });
}

export interface StubbedCaseSuite extends WorkerSuite<CaseActivities> {
  /** The stub behind the observed activities: how performAction answers, what the case published. */
  stub: StubActivities;
}

/** Fast tier: the case activities stubbed, on the time-skipping server; performAction answers sent unless a test says otherwise. */
export function stubbedCaseSuite(): StubbedCaseSuite {
  const suite = { stub: stubActivities() } as StubbedCaseSuite;
  beforeEach(() => suite.stub.reset());
  return workerSuite<CaseActivities, StubbedCaseSuite>(suite, 'time-skipping', { setUp: async () => suite.stub.activities, tearDown: async () => undefined });
}

export interface ApiSuite extends CaseSuite {
  api: TestApi;
  /** Moves the server's clock, and the API's with it, by `ms` (or a duration such as '1 day'). */
  sleep(duration: Duration): Promise<void>;
  /** Moves both clocks to the next hour:00 on the debtor's clock; returns business time then. */
  sleepUntilLocalTime(timeZone: string, hour: number): Promise<number>;
}

/** The API alone, over a database: for routes that never reach Temporal. */
export interface OfflineApiSuite {
  db: TestDatabase;
  api: TestApi;
}

/**
 * The API over a case suite's client and database (its worker runs the real
 * activities); with `temporal: false`, over a database and a client that never
 * connects.
 */
export function apiSuite(options: { temporal: false }): OfflineApiSuite;
export function apiSuite(options?: { server?: Server }): ApiSuite;
export function apiSuite(options: { server?: Server; temporal?: false } = {}): ApiSuite | OfflineApiSuite {
  if (options.temporal === false) {
    const offline = {} as OfflineApiSuite;
    beforeAll(async () => {
      offline.db = await openTestDatabase();
      offline.api = await testApi(unconnectedClient(), offline.db.connection);
    });
    afterAll(() => offline.db?.drop());
    return offline;
  }
  const suite = caseSuite({ server: options.server }) as ApiSuite;
  /** How far the server's clock is ahead of this process's: the API reads its time from the server's. */
  let aheadMs = 0;
  const followServerClock = async () => {
    const before = Date.now();
    aheadMs = (await suite.env.currentTimeMs()) - before;
  };
  suite.sleep = async (duration) => {
    await suite.env.sleep(duration);
    await followServerClock();
  };
  suite.sleepUntilLocalTime = async (timeZone, hour) => {
    const now = await sleepUntilLocalTime(suite.env, timeZone, hour);
    await followServerClock();
    return now;
  };
  beforeAll(async () => {
    await followServerClock();
    suite.api = await testApi(suite.env.client, suite.db.connection, {}, { wallNow: () => Date.now() + aheadMs });
  });
  return suite;
}
