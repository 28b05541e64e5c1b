// The tracking reports on contact, agencies and overdue reasons (issue 14's
// reports 4–6): each over a window of business days, as JSON or, with
// ?format=csv, as a CSV file to save. Supervisors and strategists read them.
import { z } from 'zod';
import { agencyReport, agencyReportCsv } from '../../cases/reports/agencies';
import { contactReport, contactReportCsv } from '../../cases/reports/contacts';
import { reasonReport, reasonReportCsv } from '../../cases/reports/reasons';
import { MAX_WINDOW_DAYS, reportWindow, type ReportWindow } from '../../cases/reports/window';
import { DAY_MS } from '../../domain';
import type { ApiContext } from '../context';
import type { Reply, RouteTable } from '../route';

const REPORT_ROLES = ['supervisor', 'strategist'] as const;

const businessDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a business day, YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(day)) && new Date(Date.parse(day)).toISOString().startsWith(day), 'not a calendar day');

export const reportQuery = z
  .strictObject({
    from: businessDay.optional().describe('The first business day counted (YYYY-MM-DD); by default 29 days before `to`'),
    to: businessDay.optional().describe('The last business day counted (YYYY-MM-DD); by default today (business time)'),
    format: z.enum(['json', 'csv']).default('json').describe('csv: the report as a CSV file to save (text/csv, a header row)'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ['to'], message: 'must not be before from' })
  .refine((query) => !query.from || !query.to || (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS < MAX_WINDOW_DAYS, {
    path: ['from'],
    message: `the window is at most ${MAX_WINDOW_DAYS} days`,
  });

const window = { from: z.string().describe('The first business day counted'), to: z.string().describe('The last business day counted') };
const rate = z.number().nullable().describe('0 to 1, rounded to 4 places; null when nothing was counted');
const rightParty = z.object({ attempts: z.number().int(), rightParty: z.number().int(), rate });

const contactReportSchema = z.object({
  ...window,
  rightPartyByChannel: z
    .record(z.string(), rightParty.extend({ awaitingReport: z.number().int().describe('Calls and visits queued whose agent has not reported yet') }))
    .describe('Attempts that went out (not placements or filings) and those that reached the debtor in person (an agent or agency reported a conversation or refusal)'),
  rightPartyByHour: z.record(z.string(), rightParty).describe('Calls and visits by the hour (00–23) on the debtor\'s clock; unknown for attempts logged before the hour was kept'),
  promises: z.object({ kept: z.number().int(), broken: z.number().int(), keptRate: rate }).describe('Promises to pay that came due in the window'),
  paymentWithin7Days: z
    .array(z.object({ channel: z.string(), template: z.string(), reached: z.number().int(), paidWithin7Days: z.number().int(), rate }))
    .describe('Attempts delivered or answered in the window, and those after which the case received a payment within 7 business days'),
  guardByRule: z.record(z.string(), z.object({ deferred: z.number().int(), denied: z.number().int() })).describe("The compliance guard's deferrals and denials in the window, by rule (every one, also those later sent)"),
});

const CONTACT_EXAMPLE: z.infer<typeof contactReportSchema> = {
  from: '2026-11-01',
  to: '2026-11-30',
  rightPartyByChannel: {
    phone: { attempts: 1200, rightParty: 420, rate: 0.35, awaitingReport: 60 },
    sms: { attempts: 5400, rightParty: 0, rate: 0, awaitingReport: 0 },
  },
  rightPartyByHour: { '09': { attempts: 300, rightParty: 90, rate: 0.3 }, '19': { attempts: 250, rightParty: 110, rate: 0.44 } },
  promises: { kept: 130, broken: 70, keptRate: 0.65 },
  paymentWithin7Days: [
    { channel: 'phone', template: 'call-reminder', reached: 420, paidWithin7Days: 160, rate: 0.381 },
    { channel: 'sms', template: 'sms-reminder', reached: 5300, paidWithin7Days: 700, rate: 0.1321 },
  ],
  guardByRule: { 'nifa-quiet-22-08': { deferred: 610, denied: 0 }, 'case-cease-contact': { deferred: 0, denied: 12 } },
};

const agencyReportSchema = z.object({
  ...window,
  agencies: z.array(
    z.object({
      agency: z.string(),
      casesPlaced: z.number().int().describe('Placements made in the window'),
      balancePlaced: z.number().int().describe('Minor units: the balance at each placement'),
      balanceUnknown: z.number().int().describe('Placements logged before their balance was kept: not in balancePlaced'),
      collected: z.number().int().describe('Minor units paid on the placed cases while placed (until recalled, or now)'),
      recoveryRate: rate.describe('collected / balancePlaced'),
      withCollection: z.number().int().describe('Placements with a payment while placed'),
      medianDaysToFirstCollection: z.number().nullable().describe('Business days from placement to the first payment, median over withCollection'),
      recalls: z.record(z.string(), z.number().int()).describe('Recalls of those placements, by reason'),
    }),
  ).describe('Best recovery rate first'),
});

const AGENCY_EXAMPLE: z.infer<typeof agencyReportSchema> = {
  from: '2026-11-01',
  to: '2026-11-30',
  agencies: [
    { agency: 'Acme Collections', casesPlaced: 40, balancePlaced: 4_000_000, balanceUnknown: 0, collected: 600_000, recoveryRate: 0.15, withCollection: 12, medianDaysToFirstCollection: 9.5, recalls: { paid: 5, disputed: 1 } },
  ],
};

const reasonReportSchema = z.object({
  ...window,
  cases: z.number().int().describe('Cases with an overdue reason recorded in the window'),
  reasons: z.array(
    z.object({
      code: z.string(),
      recorded: z.number().int().describe('Every record of the reason in the window'),
      latest: z.number().int().describe("Cases whose latest reason in the window it is: the cure rate's n"),
      closed: z.number().int().describe('Of those, closed since the window began'),
      cured: z.number().int().describe('Of those, closed paid, cured, cured by arrangement or settled'),
      cureRate: rate.describe('cured / latest'),
    }),
  ),
});

const REASON_EXAMPLE: z.infer<typeof reasonReportSchema> = {
  from: '2026-11-01',
  to: '2026-11-30',
  cases: 90,
  reasons: [
    { code: 'unemployment', recorded: 50, latest: 40, closed: 12, cured: 10, cureRate: 0.25 },
    { code: 'forgot', recorded: 30, latest: 30, closed: 25, cured: 24, cureRate: 0.8 },
  ],
};

const NO_TOKEN = { summary: 'No token', value: { error: { code: 'UNAUTHENTICATED' as const, message: 'A bearer token is required' } } };
const WINDOW_TEXT =
  'The window is whole business days (from 00:00 UTC business time), `from` to `to` inclusive, 30 days to today by default, at most a year. ' +
  'With `format=csv` the answer is a CSV file (text/csv, a header row, Content-Disposition: attachment) of the same figures.';

type Query = z.output<typeof reportQuery>;

function answer<R extends ReportWindow>(name: string, report: R, query: Query, csv: (report: R) => string): Reply {
  if (query.format === 'json') return { body: report };
  return { body: csv(report), file: { name: `${name}-${report.from}-${report.to}.csv`, contentType: 'text/csv; charset=utf-8' } };
}

export function contactReportRoutes(api: RouteTable, context: ApiContext): void {
  const windowOf = (query: Query) => reportWindow({ from: query.from, to: query.to }, context.businessNow());

  api.route({
    method: 'get',
    path: '/v1/reports/contacts',
    tag: 'reports',
    summary: 'Contact effectiveness: right-party contact rate by channel and local hour, promises kept, payment within 7 days, the guard by rule',
    description:
      `${WINDOW_TEXT}\n\nCounted from the contact log (attempts, their reported outcomes and the debtor's local hour) and the audit trail ` +
      '(payments, promises kept and broken, every guard deferral and denial), each one streamed pass over the window.',
    roles: [...REPORT_ROLES],
    query: reportQuery,
    response: {
      status: 200,
      description: 'The report',
      schema: contactReportSchema,
      files: { 'text/csv': { summary: 'With format=csv', value: 'section,key,template,count,of_which,rate\r\nright-party-by-channel,phone,,1200,420,0.35\r\npayment-within-7-days,sms,sms-reminder,5300,700,0.1321\r\n' } },
    },
    examples: { response: { november: { summary: 'November', value: CONTACT_EXAMPLE } }, error: NO_TOKEN },
    async handler({ query }) {
      return answer('contacts', await contactReport(context, windowOf(query)), query, contactReportCsv);
    },
  });

  api.route({
    method: 'get',
    path: '/v1/reports/agencies',
    tag: 'reports',
    summary: 'The agencies league: cases and balance placed, collected while placed, recovery rate, days to first collection, recalls',
    description: `${WINDOW_TEXT}\n\nThe placements made in the window (contact log), the payments and recalls after them (audit trail).`,
    roles: [...REPORT_ROLES],
    query: reportQuery,
    response: {
      status: 200,
      description: 'The league table',
      schema: agencyReportSchema,
      files: {
        'text/csv': {
          summary: 'With format=csv',
          value:
            'agency,cases_placed,balance_placed,balance_unknown,collected,recovery_rate,with_collection,median_days_to_first_collection,recalls_disputed,recalls_paid\r\n' +
            'Acme Collections,40,4000000,0,600000,0.15,12,9.5,1,5\r\n',
        },
      },
    },
    examples: { response: { november: { summary: 'November', value: AGENCY_EXAMPLE } }, error: NO_TOKEN },
    async handler({ query }) {
      return answer('agencies', await agencyReport(context, windowOf(query)), query, agencyReportCsv);
    },
  });

  api.route({
    method: 'get',
    path: '/v1/reports/reasons',
    tag: 'reports',
    summary: 'Overdue reasons: how often each was recorded, each case by its latest, and the cure rate by reason',
    description: `${WINDOW_TEXT}\n\nThe reason events recorded in the window and the closures since it began (audit trail).`,
    roles: [...REPORT_ROLES],
    query: reportQuery,
    response: {
      status: 200,
      description: 'The distribution and cure rates',
      schema: reasonReportSchema,
      files: { 'text/csv': { summary: 'With format=csv', value: 'code,recorded,latest,closed,cured,cure_rate\r\nunemployment,50,40,12,10,0.25\r\n' } },
    },
    examples: { response: { november: { summary: 'November', value: REASON_EXAMPLE } }, error: NO_TOKEN },
    async handler({ query }) {
      return answer('reasons', await reasonReport(context, windowOf(query)), query, reasonReportCsv);
    },
  });
}
