// What the channel suites share: one time-skipping server, database and sandbox
// per file, a fresh worker per scenario; strategies of one ladder; and a way to
// wait for an activity to have finished, so a test moves on when the case has
// acted, never after a guess.
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { ActivityDependencies } from '../../src/activities';
import { caseWorkerActivities, type CaseWorkerActivities } from '../../src/cases/worker-activities';
import { contactModel, type ContactRecord } from '../../src/db/contacts';
import type { Loan, Step, Strategy } from '../../src/domain';
import type { collectionCase } from '../../src/workflows';
import { caseIdFor } from '../../src/domain';
import type { CaseView } from '../../src/domain';
import { close } from '../../src/workflows/collection-case/messages';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { bookLoans, startTestChannels, type TestChannels } from '../support/channels';
import { openTestCase } from '../support/cases';
import { overdueLoan, type OverdueLoanOptions } from '../support/loans';
import { testWorker, timeSkippingEnvironment } from '../support/temporal';

type ActivityName = keyof CaseWorkerActivities;

export interface Finished {
  name: ActivityName;
  input: unknown;
  output?: unknown;
  error?: unknown;
}

/** The real activities, each call noted when it finishes, so a test can wait for one. */
export function observedActivities(deps: ActivityDependencies) {
  const real = caseWorkerActivities(deps);
  const finished: Finished[] = [];
  const waiting: { match: (entry: Finished) => boolean; resolve: (entry: Finished) => void }[] = [];
  const note = (entry: Finished) => {
    finished.push(entry);
    for (const waiter of waiting.filter((candidate) => candidate.match(entry))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(entry);
    }
  };
  const activities = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => [
      name,
      async (input: unknown) => {
        try {
          const output = await (fn as (input: unknown) => Promise<unknown>)(input);
          note({ name: name as ActivityName, input, output });
          return output;
        } catch (error) {
          note({ name: name as ActivityName, input, error });
          throw error;
        }
      },
    ]),
  ) as CaseWorkerActivities;
  return {
    activities,
    finished,
    /** Resolves with the first finished call of `name` that `match` accepts, whether it finished already or finishes later. */
    finish<T = Finished>(name: ActivityName, match: (entry: Finished & { input: T }) => boolean = () => true): Promise<Finished & { input: T }> {
      const matches = (entry: Finished) => entry.name === name && match(entry as Finished & { input: T });
      const done = finished.find(matches);
      if (done) return Promise.resolve(done as Finished & { input: T });
      return new Promise((resolve) => waiting.push({ match: matches, resolve: resolve as (entry: Finished) => void }));
    },
  };
}

export type Observed = ReturnType<typeof observedActivities>;

export interface ChannelSuite {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  channels: TestChannels;
  observed: Observed;
  /** Runs a worker (a fresh one: a worker runs once) until `scenario` settles. */
  run<T>(scenario: () => Promise<T>): Promise<T>;
}

/**
 * Starts the server, database and sandbox for the file, and stops them after it.
 * `overrides` is read once the file's earlier beforeAll hooks have run.
 */
export function channelSuite(overrides: () => Partial<ActivityDependencies> = () => ({})): ChannelSuite {
  let running: { worker: Worker; done: Promise<unknown> } | undefined;
  const suite = {
    async run(scenario) {
      const worker = await testWorker(suite.env, suite.observed.activities);
      const done = worker.runUntil(scenario);
      running = { worker, done: done.catch(() => undefined) };
      return done;
    },
  } as ChannelSuite;
  beforeAll(async () => {
    [suite.env, suite.db, suite.channels] = await Promise.all([timeSkippingEnvironment(), openTestDatabase(), startTestChannels()]);
    suite.observed = observedActivities(suite.channels.dependencies(suite.db.connection, overrides()));
  });
  afterAll(async () => {
    // A scenario that timed out leaves its worker running; the server cannot stop under it.
    if (running?.worker.getState() === 'RUNNING') running.worker.shutdown();
    await running?.done;
    await suite.env?.teardown();
    await suite.db?.drop();
    await suite.channels?.close();
  });
  return suite;
}

/** A strategy whose every segment walks the same ladder. */
export function oneLadder(id: string, ladder: Step[]): Strategy {
  const segment = { ladder };
  return {
    id,
    version: 1,
    name: id,
    description: `test ladder ${id}`,
    variants: [{ name: 'champion', weight: 1, segments: { 'low-risk': segment, 'medium-risk': segment, 'high-risk': segment } }],
  };
}

/** A loan of a debtor in New York, written to in English: Regulation F applies. */
export function usLoan(options: OverdueLoanOptions): Loan {
  const loan = overdueLoan({ timeZone: 'America/New_York', country: 'US', ...options });
  return { ...loan, currency: 'USD', debtor: { ...loan.debtor, locale: 'en' } };
}

/** Books the loan (with the test debtor's contact details) and opens its case on the strategy. */
export async function openCaseOn(suite: ChannelSuite, loan: Loan, strategy: Strategy) {
  await bookLoans(suite.db.connection, [loan]);
  return openTestCase(suite.env, loan, { strategy });
}

/**
 * Closes the case and waits for it to end. A test leaves no case behind: the
 * time-skipping server stops skipping while a case has work no worker takes, so
 * a case left with timers would stall the next test's clock.
 */
export async function closeTestCase(handle: WorkflowHandle<typeof collectionCase>): Promise<CaseView> {
  await handle.executeUpdate(close, { args: [{ actor: 'test-supervisor', reason: 'test finished' }] });
  return (await handle.result()).view;
}

/** The case's contact log, in action order. */
export function contactsOf(suite: ChannelSuite, loanId: string): Promise<ContactRecord[]> {
  return contactModel(suite.db.connection).find({ caseId: caseIdFor(loanId) }).sort({ seq: 1 }).lean<ContactRecord[]>();
}
