// The portfolio reports over the daily snapshots: taking a snapshot on demand,
// the days taken, roll rates and NPL. Each report answers JSON, or CSV with
// ?format=csv (a header row, one row per matrix cell or per day).
import { z } from 'zod';
import { SEGMENTS, PRODUCTS, isoDateSchema } from '../../domain';
import { nplCsv, nplReport, type NplReport } from '../../cases/reports/npl';
import { rollRates, rollRatesCsv, type RollRates } from '../../cases/reports/roll-rates';
import { daysTaken, SnapshotNotFoundError } from '../../cases/reports/snapshot-reads';
import { isoDay, takeSnapshot } from '../../cases/reports/snapshots';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';

const REPORT_ROLES = ['supervisor', 'strategist'] as const;

const day = isoDateSchema.describe('A business day, YYYY-MM-DD');
const format = z.enum(['json', 'csv']).default('json').describe('csv: the same report as a CSV file to download');
const tally = z.object({ cases: z.number().int(), balance: z.number().int().describe('Minor units, summed across the cases') });

const rangeRefined = <T extends { from?: string; to?: string }>(query: T) => query.from === undefined || query.to === undefined || query.from < query.to;
const RANGE_ISSUE = { path: ['to'], message: 'must be after from' };

const rollRateQuery = z
  .strictObject({
    from: day.optional().describe('The earlier snapshot day; 30 days before `to` when left out'),
    to: day.optional().describe('The later snapshot day; the latest day taken when left out'),
    product: z.enum(PRODUCTS).optional(),
    segment: z.enum(SEGMENTS).optional(),
    format,
  })
  .refine(rangeRefined, RANGE_ISSUE);

const nplQuery = z
  .strictObject({
    from: day.optional().describe('The first day of the range; 90 days before `to` when left out'),
    to: day.optional().describe('The last day of the range; the latest day taken when left out'),
    format,
  })
  .refine(rangeRefined, RANGE_ISSUE);

const rollRatesSchema = z.object({
  from: z.string(),
  to: z.string(),
  product: z.string().nullable(),
  segment: z.string().nullable(),
  destinations: z.array(z.string()).describe('The columns: every bucket, then cured and closed (cases gone from the later day, by how they closed)'),
  rows: z.array(
    tally.extend({
      bucket: z.string().describe('The bucket on `from`'),
      to: z.record(z.string(), tally).describe('Where those cases are on `to`; balances as on `from`'),
      forwardRollRate: z.number().nullable().describe('The share that moved to a worse bucket; null when the bucket had no cases'),
      cureRate: z.number().nullable().describe('The share that reached M0 or closed as paid, cured, cured by an arrangement or settled'),
    }),
  ),
  entered: tally.describe('Cases on `to` that were not on `from`'),
});

const migrationRow = tally.extend({ classification: z.string(), to: z.record(z.string(), tally) });
const nplSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      day: z.string(),
      cases: z.number().int(),
      balance: z.number().int(),
      nplCases: z.number().int(),
      nplBalance: z.number().int().describe('The balance graded 次级, 可疑 or 损失'),
      nplRatio: z.number().nullable().describe('nplBalance ÷ balance; null on a day with no balance'),
      byClassification: z.record(z.string(), tally),
    }),
  ),
  migration: z
    .object({ from: z.string(), to: z.string(), destinations: z.array(z.string()), rows: z.array(migrationRow) })
    .nullable()
    .describe("From the range's first day taken to its last; null with fewer than two days"),
});

const zeroTo = (destinations: readonly string[], filled: Record<string, { cases: number; balance: number }>) =>
  Object.fromEntries(destinations.map((destination) => [destination, filled[destination] ?? { cases: 0, balance: 0 }]));
const ROLL_DESTINATIONS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+', 'cured', 'closed'];
const ROLL_EXAMPLE: RollRates = {
  from: '2026-10-31',
  to: '2026-11-30',
  product: null,
  segment: null,
  destinations: ROLL_DESTINATIONS,
  rows: [
    {
      bucket: 'M1', cases: 4, balance: 400_000,
      to: zeroTo(ROLL_DESTINATIONS, { M0: { cases: 1, balance: 100_000 }, M2: { cases: 2, balance: 200_000 }, cured: { cases: 1, balance: 100_000 } }),
      forwardRollRate: 0.5, cureRate: 0.5,
    },
    ...['M0', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'].map((bucket) => ({ bucket, cases: 0, balance: 0, to: zeroTo(ROLL_DESTINATIONS, {}), forwardRollRate: null, cureRate: null })),
  ],
  entered: { cases: 3, balance: 250_000 },
};
const GRADES = ['正常', '关注', '次级', '可疑', '损失'];
const NPL_EXAMPLE: NplReport = {
  from: '2026-09-01',
  to: '2026-11-30',
  days: [
    { day: '2026-10-31', cases: 3, balance: 600_000, nplCases: 1, nplBalance: 300_000, nplRatio: 0.5, byClassification: zeroTo(GRADES, { 关注: { cases: 2, balance: 300_000 }, 次级: { cases: 1, balance: 300_000 } }) },
    { day: '2026-11-30', cases: 2, balance: 400_000, nplCases: 1, nplBalance: 100_000, nplRatio: 0.25, byClassification: zeroTo(GRADES, { 关注: { cases: 1, balance: 300_000 }, 次级: { cases: 1, balance: 100_000 } }) },
  ],
  migration: {
    from: '2026-10-31',
    to: '2026-11-30',
    destinations: [...GRADES, 'cured', 'closed'],
    rows: GRADES.map((grade) => ({
      classification: grade,
      ...(grade === '关注' ? { cases: 2, balance: 300_000 } : grade === '次级' ? { cases: 1, balance: 300_000 } : { cases: 0, balance: 0 }),
      to: zeroTo([...GRADES, 'cured', 'closed'], grade === '关注' ? { 关注: { cases: 1, balance: 200_000 }, 次级: { cases: 1, balance: 100_000 } } : grade === '次级' ? { closed: { cases: 1, balance: 300_000 } } : {}),
    })),
  },
};

const NOT_TAKEN = {
  summary: 'A day no snapshot was taken on',
  value: { error: { code: 'SNAPSHOT_NOT_FOUND' as const, message: 'No snapshot was taken on 2026-10-31; GET /v1/reports/snapshots lists the days taken' } },
};

async function answering<T>(report: () => Promise<T>): Promise<T> {
  try {
    return await report();
  } catch (error) {
    if (error instanceof SnapshotNotFoundError) throw new ApiError('SNAPSHOT_NOT_FOUND', error.message);
    throw error;
  }
}

export function reportRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/reports/snapshots',
    tag: 'reports',
    summary: "Take a day's snapshot of the open cases now",
    description:
      'The portfolio sweep takes one each business day; this takes one on demand. One document per open case, keyed by the day and the ' +
      'case: taking a day again writes the same documents and removes those of cases closed since. A day past is counted to its last ' +
      'moment (DPD, bucket and grade then); the other figures are the cases\' as they stand now. Answers when every case is written.',
    roles: ['supervisor'],
    body: z.strictObject({ day: day.optional().describe('Today (business time) when left out; not after today') }),
    bodyOptional: true,
    response: {
      status: 200,
      description: 'Taken',
      schema: z.object({ day: z.string(), cases: z.number().int(), removed: z.number().int().describe('Cases an earlier take of the day held that are no longer open') }),
    },
    examples: {
      request: { today: { summary: 'Today', value: {} }, day: { summary: 'A day missed', value: { day: '2026-11-29' } } },
      response: { taken: { summary: 'Taken', value: { day: '2026-11-30', cases: 1200, removed: 0 } } },
      error: {
        summary: 'A day to come',
        value: { error: { code: 'VALIDATION_FAILED', message: 'The request has invalid fields: body.day', details: [{ path: 'body.day', message: 'must not be after today, 2026-11-30' }] } },
      },
    },
    async handler({ body }) {
      const today = isoDay(context.businessNow());
      if (body.day && body.day > today) {
        throw new ApiError('VALIDATION_FAILED', 'The request has invalid fields: body.day', [{ path: 'body.day', message: `must not be after today, ${today}` }]);
      }
      return { body: await takeSnapshot(context, { day: body.day }) };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/reports/snapshots',
    tag: 'reports',
    summary: 'The days a snapshot was taken, oldest first',
    roles: [...REPORT_ROLES],
    response: {
      status: 200,
      description: 'The days',
      schema: z.object({ days: z.array(z.object({ day: z.string(), cases: z.number().int(), takenAt: z.string() })) }),
    },
    examples: {
      response: { days: { summary: 'Two days', value: { days: [{ day: '2026-11-29', cases: 1187, takenAt: '2026-11-29T00:00:04.120Z' }, { day: '2026-11-30', cases: 1200, takenAt: '2026-11-30T00:00:03.877Z' }] } } },
      error: { summary: 'An agent', value: { error: { code: 'FORBIDDEN', message: 'This needs one of the roles supervisor, strategist' } } },
    },
    async handler() {
      return { body: { days: await daysTaken(context.database) } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/reports/roll-rates',
    tag: 'reports',
    summary: 'Roll rates: the bucket-to-bucket transition matrix between two snapshot days, with forward-roll and cure rates',
    description:
      'The cases in each bucket on `from` (in the product and segment asked, as on `from`) and where they are on `to`: a bucket, or gone ' +
      'from the later snapshot and counted by how they closed (cured: paid, cured, cured by an arrangement, settled; closed: anything else). ' +
      'Rates are shares of the bucket\'s cases. `format=csv` answers one row per cell.',
    roles: [...REPORT_ROLES],
    query: rollRateQuery,
    response: {
      status: 200,
      description: 'The matrix',
      schema: rollRatesSchema,
      files: { 'text/csv': { summary: 'format=csv: one row per cell', value: rollRatesCsv({ ...ROLL_EXAMPLE, rows: ROLL_EXAMPLE.rows.slice(0, 1) }) } },
    },
    errors: ['SNAPSHOT_NOT_FOUND'],
    examples: { response: { month: { summary: 'A month, four cases in M1', value: ROLL_EXAMPLE } }, error: NOT_TAKEN },
    async handler({ query }) {
      const report = await answering(() => rollRates(context, query));
      if (query.format === 'csv') return { body: rollRatesCsv(report), file: { contentType: 'text/csv; charset=utf-8', name: `roll-rates-${report.from}-${report.to}.csv` } };
      return { body: report };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/reports/npl',
    tag: 'reports',
    summary: 'NPL: the non-performing share of the balance on each snapshot day, and the migration between classifications',
    description:
      'For each day taken from `from` to `to`: the balance graded 次级, 可疑 or 损失 over the total balance. The migration matrix runs from ' +
      "the range's first day taken to its last. `format=csv` answers one row per day.",
    roles: [...REPORT_ROLES],
    query: nplQuery,
    response: {
      status: 200,
      description: 'The ratio by day and the migration',
      schema: nplSchema,
      files: { 'text/csv': { summary: 'format=csv: one row per day', value: nplCsv(NPL_EXAMPLE) } },
    },
    errors: ['SNAPSHOT_NOT_FOUND'],
    examples: { response: { twoDays: { summary: 'Two days', value: NPL_EXAMPLE } }, error: NOT_TAKEN },
    async handler({ query }) {
      const report = await answering(() => nplReport(context, query));
      if (query.format === 'csv') return { body: nplCsv(report), file: { contentType: 'text/csv; charset=utf-8', name: `npl-${report.from}-${report.to}.csv` } };
      return { body: report };
    },
  });
}
