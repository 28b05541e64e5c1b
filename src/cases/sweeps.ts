// The Temporal Schedule that runs the portfolio sweep: daily (one business day)
// by default, or on ARREARS_SWEEP_CRON / ARREARS_SWEEP_EVERY. The API keeps it
// in line with the configuration at start-up; a run never overlaps the last.
import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from '../config';
import type { BusinessClock } from '../domain';
import { portfolioSweep } from '../workflows';

export const SWEEP_SCHEDULE_ID = 'portfolio-sweep';

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
