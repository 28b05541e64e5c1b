import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ActivityDependencies } from '../../src/activities';
import { caseWorkerActivities, type CaseWorkerActivities } from '../../src/cases/worker-activities';
import { assignVariant, DAY_MS, DEFAULT_STRATEGY, REAL_TIME, type ActionRequest, type Loan, type Strategy } from '../../src/domain';
import { nextLocalTime } from '../../src/domain/compliance';
import { openCase } from '../../src/temporal/cases';
import { TEST_TASK_QUEUE } from './temporal';

/** The real activities (see TestChannels.dependencies), with performAction wrapped so a test sees every outbound action. */
export function recordingActivities(deps: ActivityDependencies): { activities: CaseWorkerActivities; performed: ActionRequest[] } {
  const real = caseWorkerActivities(deps);
  const performed: ActionRequest[] = [];
  const activities: CaseWorkerActivities = {
    ...real,
    performAction: jest.fn(async (request: ActionRequest) => {
      performed.push(request);
      return real.performAction(request);
    }),
  };
  return { activities, performed };
}

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
