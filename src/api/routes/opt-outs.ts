// A supervisor records an opt-out the debtor asked for by other means (on a call,
// in a letter): the channel or every electronic one, with a note of how. The debtor's
// own opt-outs come through the link in each message (src/api/debtor-pages/opt-out.ts).
import { z } from 'zod';
import { OPT_OUT_SCOPES } from '../../domain/compliance';
import { CaseNotFoundError } from '../../cases/case-views';
import { LoanNotFoundError } from '../../cases/loans';
import { recordOptOutForCase } from '../../cases/opt-outs';
import { CASE_PARTICULARS_EXAMPLE, CASE_VIEW_EXAMPLE, caseParticularsSchema } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { caseIdParams } from '../schemas';

const optOutSchema = caseParticularsSchema.shape.optOuts.element;

const recordedSchema = z.object({
  optOut: optOutSchema.describe('The opt-out that stands for this scope: the first one recorded'),
  recorded: z.boolean().describe('False when the debtor had opted out of this scope before: nothing changed'),
  optOuts: z.array(optOutSchema).describe("All of the debtor's opt-outs now"),
});

const SUPERVISOR_OPT_OUT: z.infer<typeof optOutSchema> = {
  scope: 'all-electronic',
  at: '2026-11-16T03:04:10.000Z',
  method: 'supervisor',
  actor: 'supervisor-li',
  note: 'asked on the call of 14 Nov to stop all messages',
  loanId: CASE_VIEW_EXAMPLE.loanId,
  messageKey: null,
};

export function optOutRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/cases/:caseId/opt-outs',
    tag: 'cases',
    summary: 'Record an opt-out the debtor asked for by other means',
    description:
      "The opt-out is the debtor's, across all their loans: from the next attempt on, the compliance guard denies the channel " +
      '(`regf-1006-6e-opt-out` under Regulation F, `lender-electronic-opt-out` under NIFA), or every electronic channel and text ' +
      'messages for `all-electronic`. Recording a scope again keeps the first record. The case page lists the opt-outs.',
    roles: ['supervisor'],
    params: caseIdParams,
    body: z.strictObject({
      scope: z.enum(OPT_OUT_SCOPES).describe('The channel to stop (sms, email, app-push, im), or all-electronic'),
      note: z.string().trim().min(1).max(500).describe('How the debtor asked, e.g. "said on the call of 14 Nov to stop e-mails"'),
    }),
    response: { status: 200, description: "The opt-out that stands, and all of the debtor's", schema: recordedSchema },
    errors: ['CASE_NOT_FOUND', 'LOAN_NOT_FOUND'],
    examples: {
      request: { call: { summary: 'Asked on a call', value: { scope: 'all-electronic', note: 'asked on the call of 14 Nov to stop all messages' } } },
      response: {
        recorded: {
          summary: 'Recorded',
          value: { optOut: SUPERVISOR_OPT_OUT, recorded: true, optOuts: [...CASE_PARTICULARS_EXAMPLE.optOuts, SUPERVISOR_OPT_OUT] },
        },
      },
      error: { summary: 'No such case', value: { error: { code: 'CASE_NOT_FOUND', message: 'Case case-L-CN-2025-009999 does not exist' } } },
    },
    async handler({ params, body, principal }) {
      try {
        return { body: await recordOptOutForCase(context, params.caseId, { scope: body.scope, note: body.note, actor: principal.subject }) };
      } catch (error) {
        if (error instanceof CaseNotFoundError || error instanceof LoanNotFoundError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
