// The monitor: the portfolio sweep's schedule, and sweeps run on demand.
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { portfolioSweep } from '../../workflows';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { SWEEP_SCHEDULE_ID } from '../sweep-schedule';
import { isWorkflowNotFound } from '../temporal-errors';

const totalsSchema = z.object({
  pages: z.number().int(),
  examined: z.number().int(),
  opened: z.number().int(),
  alreadyOpen: z.number().int(),
  skipped: z.number().int(),
});

const sweepIdParams = z.strictObject({ sweepId: z.string().regex(/^portfolio-sweep[A-Za-z0-9:._-]{0,100}$/, 'a sweep id, portfolio-sweep…') });

export function monitorRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/monitor/sweep',
    tag: 'monitor',
    summary: 'Run the portfolio sweep now',
    description: 'Opens a case for every past-due loan in the loan book that has none. Runs in the background; follow it at /v1/monitor/sweeps/{sweepId}.',
    roles: ['supervisor'],
    response: { status: 202, description: 'Started', schema: z.object({ sweepId: z.string() }) },
    async handler() {
      const sweepId = `portfolio-sweep-on-demand-${randomUUID()}`;
      await context.temporal.workflow.start(portfolioSweep, {
        workflowId: sweepId,
        taskQueue: context.config.TEMPORAL_TASK_QUEUE,
        args: [{ clock: context.clock }],
      });
      return { body: { sweepId } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/sweeps/:sweepId',
    tag: 'monitor',
    summary: 'A sweep: running, or done with what it opened',
    roles: ['supervisor', 'auditor'],
    params: sweepIdParams,
    response: {
      status: 200,
      description: 'The sweep',
      schema: z.object({ sweepId: z.string(), status: z.string(), startedAt: z.string(), totals: totalsSchema.nullable() }),
    },
    errors: ['SWEEP_NOT_FOUND'],
    async handler({ params }) {
      const handle = context.temporal.workflow.getHandle<typeof portfolioSweep>(params.sweepId);
      try {
        const description = await handle.describe();
        const totals = description.status.name === 'COMPLETED' ? await handle.result() : null;
        return { body: { sweepId: params.sweepId, status: description.status.name, startedAt: description.startTime.toISOString(), totals } };
      } catch (error) {
        if (isWorkflowNotFound(error)) throw new ApiError('SWEEP_NOT_FOUND', `No sweep ${params.sweepId}`);
        throw error;
      }
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/schedule',
    tag: 'monitor',
    summary: "The portfolio sweep's schedule: next runs and recent ones",
    roles: ['supervisor', 'auditor'],
    response: {
      status: 200,
      description: 'The schedule',
      schema: z.object({
        scheduleId: z.string(),
        paused: z.boolean(),
        nextRuns: z.array(z.string()),
        recentRuns: z.array(z.object({ sweepId: z.string(), scheduledAt: z.string() })),
      }),
    },
    errors: ['NOT_FOUND'],
    async handler() {
      try {
        const { state, info } = await context.temporal.schedule.getHandle(SWEEP_SCHEDULE_ID).describe();
        return {
          body: {
            scheduleId: SWEEP_SCHEDULE_ID,
            paused: state.paused,
            nextRuns: info.nextActionTimes.map((time) => time.toISOString()),
            recentRuns: info.recentActions.map((run) => ({ sweepId: run.action.workflow.workflowId, scheduledAt: run.scheduledAt.toISOString() })),
          },
        };
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) throw new ApiError('NOT_FOUND', 'The sweep schedule does not exist yet; the API creates it when it starts');
        throw error;
      }
    },
  });
}
