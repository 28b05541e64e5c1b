// The portfolio in numbers: open cases by bucket, stage, classification and
// strategy variant, the NPL share and the paused, for the supervisors' overview.
import { z } from 'zod';
import { caseCounts } from '../../cases/case-list';
import type { ApiContext } from '../context';
import type { RouteTable } from '../route';

const tally = z.record(z.string(), z.number().int());

const countsSchema = z.object({
  asOf: z.string().describe('Business time the figures are as of'),
  open: z.number().int(),
  paused: z.number().int(),
  npl: z.object({ count: z.number().int(), share: z.number().describe('Of the open cases, 0 to 1') }),
  byBucket: tally,
  byStage: tally,
  byClassification: tally,
  byStrategyVariant: tally.describe('By `strategy id@version/variant`'),
  source: z.enum(['store', 'index']).describe('index: the in-process index of open cases (CASE_LIST_SOURCE=index); store: the read model'),
});

const COUNTS_EXAMPLE: z.infer<typeof countsSchema> = {
  asOf: '2026-11-30T02:00:00.000Z',
  open: 1200,
  paused: 14,
  npl: { count: 180, share: 0.15 },
  byBucket: { M0: 0, M1: 610, M2: 250, M3: 160, M4: 110, M5: 40, M6: 20, 'M7+': 10 },
  byStage: { collect: 1105, 'follow-up': 80, monitor: 15 },
  byClassification: { 关注: 1020, 次级: 150, 可疑: 25, 损失: 5 },
  byStrategyVariant: { 'default@1/champion': 1080, 'default@1/challenger': 120 },
  source: 'index',
};

export function portfolioRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/portfolio/counts',
    tag: 'portfolio',
    summary: 'Open cases by bucket, stage, classification and strategy variant; NPL share; paused',
    description:
      'Bucket, classification and NPL are as of now (business time), like the case list. Served from the in-process index of open cases ' +
      'when the API runs one (CASE_LIST_SOURCE=index, as `npm start` does), else counted from the read model.',
    roles: ['supervisor', 'auditor'],
    response: { status: 200, description: 'The counts', schema: countsSchema },
    examples: {
      response: { counts: { summary: 'A portfolio of 1,200 open cases', value: COUNTS_EXAMPLE } },
      error: { summary: 'No token', value: { error: { code: 'UNAUTHENTICATED', message: 'A bearer token is required' } } },
    },
    async handler() {
      return { body: await caseCounts(context) };
    },
  });
}
