// Cases in tests: opening one on the test task queue (and booking its loan
// first, when real activities read it), closing it, its contact log, the
// strategies and clocks scenarios need.
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { contactModel, type ContactRecord } from '../../src/db/contacts';
import type { DebtorContact } from '../../src/db/loans';
import { assignVariant, caseIdFor, DAY_MS, DEFAULT_STRATEGY, REAL_TIME, type CaseView, type Loan, type Step, type Strategy } from '../../src/domain';
import { nextLocalTime } from '../../src/domain/compliance';
import { openCase } from '../../src/temporal/cases';
import type { collectionCase } from '../../src/workflows';
import { close } from '../../src/workflows/collection-case/messages';
import { bookLoans } from './channels';
import type { TestDatabase } from './database';
import { TEST_TASK_QUEUE } from './temporal';

export type CaseHandle = WorkflowHandle<typeof collectionCase>;

export function openTestCase(
  env: TestWorkflowEnvironment,
  loan: Loan,
  options: { strategy?: Strategy; continueAsNewAfterEvents?: number } = {},
) {
  return openCase(env.client, {
    loan,
    strategy: options.strategy ?? DEFAULT_STRATEGY,
    clock: REAL_TIME,
    openedBy: 'test-supervisor',
    taskQueue: TEST_TASK_QUEUE,
    continueAsNewAfterEvents: options.continueAsNewAfterEvents,
  });
}

/** Books the loan (with the test debtor's contact details, or those given) and opens its case on the strategy. */
export async function openCaseOn(
  suite: { env: TestWorkflowEnvironment; db: TestDatabase },
  loan: Loan,
  strategy: Strategy,
  contact?: DebtorContact,
): Promise<CaseHandle> {
  await bookLoans(suite.db.connection, [loan], contact);
  return openTestCase(suite.env, loan, { strategy });
}

/**
 * Closes the case and waits for it to end. A test leaves no case behind: a case
 * left with timers would wake in a later test's time skips and act there.
 */
export async function closeTestCase(handle: CaseHandle): Promise<CaseView> {
  await handle.executeUpdate(close, { args: [{ actor: 'test-supervisor', reason: 'test finished' }] });
  return (await handle.result()).view;
}

/** The case's contact log, in action order. */
export function contactsOf(suite: { db: TestDatabase }, loanId: string): Promise<ContactRecord[]> {
  return contactModel(suite.db.connection).find({ caseId: caseIdFor(loanId) }).sort({ seq: 1 }).lean<ContactRecord[]>();
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

/** Loan ids the default strategy's hash puts in the wanted variant. */
export function loanIdsInVariant(prefix: string, variant: string, count: number, strategy: Strategy = DEFAULT_STRATEGY): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const id = `${prefix}-${i}`;
    if (assignVariant(strategy, id) === variant) ids.push(id);
  }
  return ids;
}

/**
 * Moves the time-skipping server to the next hour:00 on the debtor's clock. The
 * compliance guard defers contact in quiet hours, so a test that opens a case
 * at whatever time it happens to run would see its first contacts wait.
 */
export async function sleepUntilLocalTime(env: TestWorkflowEnvironment, timeZone: string, hour: number): Promise<number> {
  const now = await env.currentTimeMs();
  const target = nextLocalTime(now, timeZone, hour);
  if (target > now) await env.sleep(target - now);
  return env.currentTimeMs();
}

/**
 * The origin of a short-day business clock on which business time at wallNowMs is
 * the next hour:00 on the debtor's clock: sleepUntilLocalTime for a real server.
 * Solves business = origin + (wall − origin) × 24 h / day length for the origin.
 */
export function originForLocalTime(dayLengthMs: number, timeZone: string, hour: number, wallNowMs: number): number {
  const speed = DAY_MS / dayLengthMs;
  return Math.round(wallNowMs - (nextLocalTime(wallNowMs, timeZone, hour) - wallNowMs) / (speed - 1));
}
