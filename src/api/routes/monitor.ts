// The monitor: the portfolio sweep's schedule, and sweeps run on demand.
import { z } from 'zod';
import { describeSweepSchedule, startSweep, SWEEP_SCHEDULE_ID, SweepNotFoundError, SweepScheduleNotFoundError, sweepStatus } from '../../cases/sweeps';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';

const totalsSchema = z.object({
  pages: z.number().int(),
  examined: z.number().int(),
  opened: z.number().int(),
  reopened: z.number().int().describe('Closed cases opened again for a new delinquency after their closure').optional(),
  alreadyOpen: z.number().int(),
  stayedClosed: z.number().int().describe('Closed cases left closed: no new delinquency since, or closed for good').optional(),
  skipped: z.number().int(),
  snapshot: z
    .object({ day: z.string(), cases: z.number().int(), removed: z.number().int() })
    .describe("The day's snapshot of the open cases, taken after the last page (for the reports at /v1/reports)")
    .optional(),
});

/** A sweep on demand takes nothing: no body, or an empty JSON object. */
const sweepRequestSchema = z.strictObject({});

const sweepIdParams = z.strictObject({ sweepId: z.string().regex(/^portfolio-sweep[A-Za-z0-9:._-]{0,100}$/, 'a sweep id, portfolio-sweep…') });

const SWEEP_ID_EXAMPLE = 'portfolio-sweep-on-demand-0b6f3c2e-7d41-4a9e-b1f5-93c0d2a8e6b7';

export function monitorRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/monitor/sweep',
    tag: 'monitor',
    summary: 'Run the portfolio sweep now',
    description:
      'Opens a case for every past-due loan in the loan book that has none. Runs in the background; follow it at /v1/monitor/sweeps/{sweepId}. ' +
      'Send no body, or `{}`; any other body is refused and starts nothing.',
    roles: ['supervisor'],
    body: sweepRequestSchema,
    bodyOptional: true,
    response: { status: 202, description: 'Started', schema: z.object({ sweepId: z.string() }) },
    examples: {
      request: { empty: { summary: 'No body, or an empty object', value: {} } },
      response: { started: { summary: 'Started: follow it by its id', value: { sweepId: SWEEP_ID_EXAMPLE } } },
      error: {
        summary: 'A body with fields',
        value: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request has invalid fields: body.loanIds',
            details: [{ path: 'body.loanIds', message: 'unknown field' }],
          },
        },
      },
    },
    async handler() {
      return { body: await startSweep(context) };
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
    examples: {
      response: {
        completed: {
          summary: 'Done: what it examined and what it opened',
          value: {
            sweepId: SWEEP_ID_EXAMPLE,
            status: 'COMPLETED',
            startedAt: '2026-11-16T02:30:12.904Z',
            totals: { pages: 3, examined: 1240, opened: 37, reopened: 2, alreadyOpen: 611, stayedClosed: 5, skipped: 585, snapshot: { day: '2026-11-16', cases: 648, removed: 0 } },
          },
        },
        running: { summary: 'Still running', value: { sweepId: SWEEP_ID_EXAMPLE, status: 'RUNNING', startedAt: '2026-11-16T02:30:12.904Z', totals: null } },
      },
      error: { summary: 'No such sweep', value: { error: { code: 'SWEEP_NOT_FOUND', message: 'No sweep portfolio-sweep-on-demand-unknown' } } },
    },
    async handler({ params }) {
      try {
        return { body: await sweepStatus(context, params.sweepId) };
      } catch (error) {
        if (error instanceof SweepNotFoundError) throw new ApiError(error.code, error.message);
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
    examples: {
      response: {
        daily: {
          summary: 'Daily, at the time the API first created it',
          value: {
            scheduleId: SWEEP_SCHEDULE_ID,
            paused: false,
            nextRuns: ['2026-11-17T00:00:00.000Z', '2026-11-18T00:00:00.000Z'],
            recentRuns: [
              { sweepId: `${SWEEP_SCHEDULE_ID}-2026-11-15T00:00:00Z`, scheduledAt: '2026-11-15T00:00:00.000Z' },
              { sweepId: `${SWEEP_SCHEDULE_ID}-2026-11-16T00:00:00Z`, scheduledAt: '2026-11-16T00:00:00.000Z' },
            ],
          },
        },
      },
      error: {
        summary: 'Asked before the API created the schedule',
        value: { error: { code: 'NOT_FOUND', message: 'The sweep schedule does not exist yet; the API creates it when it starts' } },
      },
    },
    async handler() {
      try {
        return { body: await describeSweepSchedule(context) };
      } catch (error) {
        if (error instanceof SweepScheduleNotFoundError) throw new ApiError('NOT_FOUND', error.message);
        throw error;
      }
    },
  });
}
