// The strategy experiments report: each variant's cure rates and share recovered
// at 30, 60 and 90 days with their 95% intervals, the contacts' cost, and each
// challenger tested against the champion, per strategy version and cohort; as
// JSON, or CSV with ?format=csv.
import { z } from 'zod';
import { experimentCsv, experimentReport, type ExperimentDependencies, type ExperimentReport } from '../../cases/reports/experiments';
import type { ExperimentWindow } from '../../domain/experiments';
import type { ApiContext } from '../context';
import type { RouteTable } from '../route';

const REPORT_ROLES = ['supervisor', 'strategist'] as const;

const experimentQuerySchema = z.strictObject({
  strategy: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a strategy id: lower-case letters, digits and dashes'),
  version: z.coerce.number().int().positive().optional(),
  cohort: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'an entry month, YYYY-MM').optional(),
  champion: z.string().min(1).max(64).optional().describe('The variant to test the others against; by default the one with the largest weight'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: one row per version, cohort and variant, as text/csv'),
});

const intervalSchema = z.object({ low: z.number(), high: z.number() }).nullable();

const windowSchema = z.object({
  days: z.number().int().describe('Days after entry'),
  n: z.number().int().describe('Cases entered at least this many days ago: only they are judged at this window'),
  cured: z.number().int(),
  cureRate: z.number().nullable(),
  cureInterval: intervalSchema.describe('95% Wilson interval'),
  recovery: z.object({
    share: z.number().describe('Σ recovered within the window / Σ balance at entry'),
    interval: intervalSchema.describe('95% interval'),
    method: z.enum(['bootstrap', 'normal']).describe('bootstrap: 1,000 seeded resamples (arms up to 1,000 cases); normal: the ratio estimator\'s normal approximation'),
  }),
});

export const armSchema = z.object({
  variant: z.string(),
  n: z.number().int(),
  windows: z.array(windowSchema),
  contacts: z.record(z.string(), z.number().int()).describe('Contacts sent within 90 days of entry, by channel'),
  cost: z.object({
    total: z.number().describe('Minor units: contacts within 90 days, and agency commission on what agencies collected within 90 days'),
    perCase: z.number().nullable(),
    perCure: z.number().nullable().describe('Per case cured within 90 days'),
  }),
});

export const testSchema = z.object({
  variant: z.string().describe('The challenger'),
  days: z.number().int().describe('The window tested: the longest at which both arms have the minimum of cases'),
  test: z.object({ z: z.number(), p: z.number() }).nullable().describe('Pooled two-proportion z-test on the cure rate; z > 0 when the challenger cures more'),
  verdict: z.object({ kind: z.enum(['better', 'worse', 'no-difference', 'too-few']), text: z.string() }),
});

const reportSchema = z.object({
  asOf: z.string().describe('Business time the figures are as of'),
  minimumPerArm: z.number().int().describe('Cases each arm needs before a verdict (EXPERIMENT_MIN_ARM)'),
  costs: z.object({ perContact: z.record(z.string(), z.number()), agencyCommission: z.number() }),
  versions: z.array(
    z.object({
      strategy: z.string(),
      version: z.number().int(),
      champion: z.string(),
      cohorts: z.array(z.object({ cohort: z.string().describe("'YYYY-MM' of entry, or 'all'"), variants: z.array(armSchema), tests: z.array(testSchema) })),
    }),
  ),
});

const window = (days: ExperimentWindow, n: number, cured: number, low: number, high: number, share: number, interval: [number, number]) => ({
  days, n, cured, cureRate: cured / n, cureInterval: { low, high }, recovery: { share, interval: { low: interval[0], high: interval[1] }, method: 'bootstrap' as const },
});

export const EXPERIMENT_REPORT_EXAMPLE: ExperimentReport = {
  asOf: '2026-11-30T02:00:00.000Z',
  minimumPerArm: 30,
  costs: { perContact: { sms: 5, letter: 120, phone: 200, 'field-visit': 2500, court: 15000 }, agencyCommission: 0.25 },
  versions: [
    {
      strategy: 'default',
      version: 2,
      champion: 'champion',
      cohorts: [
        {
          cohort: '2026-08',
          variants: [
            {
              variant: 'champion',
              n: 100,
              windows: [
                window(30, 100, 30, 0.2189, 0.3958, 0.21, [0.15, 0.27]),
                window(60, 100, 40, 0.3094, 0.4980, 0.33, [0.26, 0.40]),
                window(90, 100, 45, 0.3561, 0.5476, 0.4, [0.32, 0.48]),
              ],
              contacts: { sms: 180, letter: 60, phone: 90 },
              cost: { total: 26100, perCase: 261, perCure: 580 },
            },
            {
              variant: 'challenger',
              n: 100,
              windows: [
                window(30, 100, 40, 0.3094, 0.4980, 0.3, [0.23, 0.37]),
                window(60, 100, 55, 0.4524, 0.6438, 0.45, [0.37, 0.53]),
                window(90, 100, 60, 0.5020, 0.6906, 0.52, [0.44, 0.6]),
              ],
              contacts: { sms: 150, phone: 160 },
              cost: { total: 32750, perCase: 327.5, perCure: 545.83 },
            },
          ],
          tests: [{ variant: 'challenger', days: 90, test: { z: 2.124, p: 0.0337 }, verdict: { kind: 'better', text: 'challenger better at p < 0.05' } }],
        },
      ],
    },
  ],
};

/** What the experiment use cases need from the API: its services, the contact costs and the minimum arm from its configuration. */
export function experimentDependencies(context: ApiContext): ExperimentDependencies {
  return {
    ...context,
    costs: { perContact: context.config.CONTACT_COSTS, agencyCommission: context.config.AGENCY_COMMISSION },
    minimumPerArm: context.config.EXPERIMENT_MIN_ARM,
  };
}

export function experimentReportRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/reports/experiments',
    tag: 'reports',
    summary: 'Strategy experiments: cure rates and recovery by variant and cohort, with intervals, costs and a test of each challenger',
    description:
      'Per strategy version, per cohort (entry month, and `all` when there are several), per variant: the cure rate ' +
      '(closed paid, cured, cured-by-arrangement or settled) and the share of the balance at entry recovered at 30, 60 ' +
      'and 90 days after entry, each over the cases entered long enough ago, with 95% intervals (Wilson; bootstrap with ' +
      'a fixed seed, or the normal approximation over 1,000 cases); the contacts\' cost (CONTACT_COSTS, AGENCY_COMMISSION); ' +
      'and each challenger against the champion by a pooled two-proportion z-test, with a verdict in words. ' +
      '`?format=csv` answers text/csv, one row per version, cohort and variant.',
    roles: [...REPORT_ROLES],
    query: experimentQuerySchema,
    response: {
      status: 200,
      description: 'The experiment',
      schema: reportSchema,
      files: { 'text/csv': { summary: 'With format=csv', value: experimentCsv(EXPERIMENT_REPORT_EXAMPLE) } },
    },
    examples: {
      response: { experiment: { summary: 'A challenger that cures more, after 90 days', value: EXPERIMENT_REPORT_EXAMPLE } },
      error: {
        summary: 'A cohort that is not a month',
        value: { error: { code: 'VALIDATION_FAILED', message: 'The request has invalid fields: query.cohort', details: [{ path: 'query.cohort', message: 'an entry month, YYYY-MM' }] } },
      },
    },
    async handler({ query }) {
      const { format, ...filter } = query;
      const report = await experimentReport(experimentDependencies(context), filter);
      if (format === 'csv') return { body: experimentCsv(report), file: { name: `experiments-${filter.strategy}.csv`, contentType: 'text/csv; charset=utf-8' } };
      return { body: report };
    },
  });
}
