import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities, type Activities } from '../../src/activities';
import { assignVariant, DEFAULT_STRATEGY, REAL_TIME, type ActionRequest, type Loan, type Strategy } from '../../src/domain';
import { openCase } from '../../src/temporal/cases';
import type mongoose from 'mongoose';
import { TEST_TASK_QUEUE } from './temporal';

/** The real activities, with performAction wrapped so a test sees every outbound action. */
export function recordingActivities(connection: mongoose.Connection): { activities: Activities; performed: ActionRequest[] } {
  const real = createActivities({ connection });
  const performed: ActionRequest[] = [];
  const activities: Activities = {
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
