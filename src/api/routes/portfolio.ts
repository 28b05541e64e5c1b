// The portfolio in numbers: open cases by bucket, stage, classification,
// strategy variant and hold, the NPL share and the paused, for the supervisors' overview.
import { z } from 'zod';
import { caseCounts } from '../../cases/case-list';
import { portfolioToday } from '../../cases/portfolio-today';
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
  underObservation: z
    .number()
    .int()
    .describe('Open cases whose loan was restructured and is still observed: graded at least the scheme\'s floor (次级) until the observation ends'),
  source: z.enum(['store', 'index']).describe('index: the in-process index of open cases (CASE_LIST_SOURCE=index); store: the read model'),
  byHold: tally.describe('Open cases on each kind of hold (settlement, hardship, dispute…); a case on two holds counts under both').optional(),
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
  underObservation: 12,
  source: 'index',
  byHold: { settlement: 12, hardship: 9, 'promise-to-pay': 41, dispute: 3 },
};

const channelDaySchema = z.object({
  made: z.number().int().describe('Went out: sent, and for a phone call or field visit, reported by its agent'),
  planned: z.number().int().describe('Under way: being sent, or a call or visit task waiting for its agent\'s report'),
  deferred: z.number().int().describe('The compliance guard said later; the case tries again when it allows'),
  denied: z.number().int().describe('The compliance guard (or the court\'s eligibility) said never'),
  failed: z.number().int().describe('A provider refused for good; the strategy fell back'),
});

const todaySchema = z.object({
  asOf: z.string().describe('Business time the figures are as of'),
  day: z.string().describe('The business day counted, YYYY-MM-DD, from 00:00 UTC'),
  byChannel: z.record(z.string(), channelDaySchema).describe('Contact attempts of the day by channel; a channel with none today is left out'),
  deferralsByRule: tally.describe('Attempts the compliance guard deferred today, by the rule that deferred them'),
});

const TODAY_EXAMPLE: z.infer<typeof todaySchema> = {
  asOf: '2026-11-30T14:00:00.000Z',
  day: '2026-11-30',
  byChannel: {
    sms: { made: 412, planned: 3, deferred: 57, denied: 2, failed: 1 },
    phone: { made: 88, planned: 140, deferred: 12, denied: 0, failed: 0 },
    letter: { made: 35, planned: 0, deferred: 0, denied: 0, failed: 0 },
  },
  deferralsByRule: { 'nifa-quiet-22-08': 61, 'nifa-3-connected-calls-per-day': 8 },
};

/** What either route answers a caller without a token. */
const NO_TOKEN = { summary: 'No token', value: { error: { code: 'UNAUTHENTICATED' as const, message: 'A bearer token is required' } } };

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
      error: NO_TOKEN,
    },
    async handler() {
      return { body: await caseCounts(context) };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/portfolio/today',
    tag: 'portfolio',
    summary: "Today's contacts made and planned by channel, and the compliance guard's deferrals by rule",
    description:
      'Counted from the contact log: the attempts of the current business day (from 00:00 UTC, business time), each as it ' +
      'stands now. One indexed range over the day\'s entries on MongoDB, whatever the number of cases.',
    roles: ['supervisor', 'auditor'],
    response: { status: 200, description: "The day's figures", schema: todaySchema },
    examples: {
      response: { today: { summary: 'A business day under way', value: TODAY_EXAMPLE } },
      error: NO_TOKEN,
    },
    async handler() {
      return { body: await portfolioToday(context) };
    },
  });
}
