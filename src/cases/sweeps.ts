// The portfolio sweep from outside it: a sweep started on demand, a sweep's
// status and totals, and the Temporal Schedule that runs it daily (one business
// day) by default, or on ARREARS_SWEEP_CRON / ARREARS_SWEEP_EVERY. The API keeps
// the schedule in line with the configuration at start-up; a run never overlaps the last.
import { randomUUID } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from '../config';
import type { BusinessClock } from '../domain';
import { isWorkflowNotFound } from '../temporal/errors';
import { portfolioSweep } from '../workflows';
import type { SweepTotals } from '../workflows/portfolio-sweep';
import type { CaseServices } from './services';

export const SWEEP_SCHEDULE_ID = 'portfolio-sweep';

/** No sweep runs or ran under the id. */
export class SweepNotFoundError extends Error {
  override name = 'SweepNotFoundError';
  readonly code = 'SWEEP_NOT_FOUND';

  constructor(readonly sweepId: string) {
    super(`No sweep ${sweepId}`);
  }
}

/** The schedule is asked for before the API created it. */
export class SweepScheduleNotFoundError extends Error {
  override name = 'SweepScheduleNotFoundError';
  readonly code = 'SWEEP_SCHEDULE_NOT_FOUND';

  constructor() {
    super('The sweep schedule does not exist yet; the API creates it when it starts');
  }
}

export interface SweepStatus {
  sweepId: string;
  /** The workflow's status: RUNNING, COMPLETED, FAILED… */
  status: string;
  startedAt: string;
  /** What it examined and opened, once it completed. */
  totals: SweepTotals | null;
}

export interface SweepScheduleView {
  scheduleId: string;
  paused: boolean;
  nextRuns: string[];
  recentRuns: { sweepId: string; scheduledAt: string }[];
}

/** Starts a sweep now, on the task queue cases run on; follow it by the id it returns. */
export async function startSweep(services: Pick<CaseServices, 'temporal' | 'taskQueue' | 'clock'>): Promise<{ sweepId: string }> {
  const sweepId = `portfolio-sweep-on-demand-${randomUUID()}`;
  await services.temporal.workflow.start(portfolioSweep, { workflowId: sweepId, taskQueue: services.taskQueue, args: [{ clock: services.clock }] });
  return { sweepId };
}

/** A sweep, running or done with its totals; a SweepNotFoundError when there is none under the id. */
export async function sweepStatus(services: Pick<CaseServices, 'temporal'>, sweepId: string): Promise<SweepStatus> {
  const handle = services.temporal.workflow.getHandle<typeof portfolioSweep>(sweepId);
  try {
    const description = await handle.describe();
    const totals = description.status.name === 'COMPLETED' ? await handle.result() : null;
    return { sweepId, status: description.status.name, startedAt: description.startTime.toISOString(), totals };
  } catch (error) {
    if (isWorkflowNotFound(error)) throw new SweepNotFoundError(sweepId);
    throw error;
  }
}

export type SweepScheduleConfig = Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'ARREARS_SWEEP_CRON' | 'ARREARS_SWEEP_EVERY'>;

function scheduleOptions(config: SweepScheduleConfig, clock: BusinessClock) {
  return {
    spec: config.ARREARS_SWEEP_CRON
      ? { cronExpressions: [config.ARREARS_SWEEP_CRON] }
      : { intervals: [{ every: config.ARREARS_SWEEP_EVERY ?? clock.dayLengthMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: portfolioSweep,
      workflowId: SWEEP_SCHEDULE_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ clock }] as [Parameters<typeof portfolioSweep>[0]],
    },
    policies: { overlap: 'SKIP' as const },
  } satisfies Omit<ScheduleOptions, 'scheduleId'>;
}

/** Creates the schedule, or brings an existing one in line with the configuration. */
export async function ensureSweepSchedule(temporal: Client, config: SweepScheduleConfig, clock: BusinessClock): Promise<void> {
  const options = scheduleOptions(config, clock);
  try {
    await temporal.schedule.create({ scheduleId: SWEEP_SCHEDULE_ID, ...options });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await temporal.schedule.getHandle(SWEEP_SCHEDULE_ID).update((previous) => ({ ...previous, ...options }));
  }
}

/** The schedule's next runs and recent ones; a SweepScheduleNotFoundError before it is created. */
export async function describeSweepSchedule(services: Pick<CaseServices, 'temporal'>): Promise<SweepScheduleView> {
  try {
    const { state, info } = await services.temporal.schedule.getHandle(SWEEP_SCHEDULE_ID).describe();
    return {
      scheduleId: SWEEP_SCHEDULE_ID,
      paused: state.paused,
      nextRuns: info.nextActionTimes.map((time) => time.toISOString()),
      recentRuns: info.recentActions.map((run) => ({ sweepId: run.action.workflow.workflowId, scheduledAt: run.scheduledAt.toISOString() })),
    };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw new SweepScheduleNotFoundError();
    throw error;
  }
}
