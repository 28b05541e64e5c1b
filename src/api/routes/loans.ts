// The loan book, one loan at a time: upsert with its installment schedule, read back.
// A change to a loan with an open case reaches the case (without the contact details).
import { z } from 'zod';
import { loanSchema } from '../../domain';
import { contactSchema, loanEntrySchema } from '../../cases/loan-entry';
import { LoanIdMismatchError, LoanNotFoundError, putLoan, readLoan } from '../../cases/loans';
import { CASE_PARTICULARS_EXAMPLE } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { CN_LOAN_EXAMPLE, loanIdParams, US_LOAN_EXAMPLE } from '../schemas';
import { validationFailed } from '../validation';

const LOAN_ROLES = ['supervisor'] as const;

export const loanResponseSchema = z.object({
  loanId: z.string(),
  loan: loanSchema,
  contact: contactSchema.optional(),
  daysPastDue: z.number().int(),
  bucket: z.string(),
  oldestUnpaidDueDate: z.string().nullable(),
  updatedAt: z.string(),
});

/** The CN loan as the loan book answers for it two days after its DPD 30 step (see CASE_VIEW_EXAMPLE). */
const LOAN_VIEW_EXAMPLE = {
  loanId: CN_LOAN_EXAMPLE.loan.loanId,
  ...CN_LOAN_EXAMPLE,
  daysPastDue: 32,
  bucket: 'M2',
  oldestUnpaidDueDate: '2026-10-15',
  updatedAt: '2026-09-14T08:12:40.118Z',
} satisfies z.input<typeof loanResponseSchema>;

export function loanRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'put',
    path: '/v1/loans/:loanId',
    tag: 'loans',
    summary: 'Create or replace a loan in the loan book',
    description:
      'The body holds the loan (no personal data) and, separately, the debtor\'s `contact` details, which stay in the ' +
      'loan book and never reach a case. `loan.loanId` must equal the path. A change to a loan with an open case is sent to the case; ' +
      'if the workflow service did not answer (503), sending the same body again finishes telling it.',
    roles: [...LOAN_ROLES],
    params: loanIdParams,
    body: loanEntrySchema,
    response: {
      status: 200,
      description: 'The loan as stored (201 when it was new); `outcome` says whether it was created, updated or unchanged',
      schema: loanResponseSchema.extend({ outcome: z.enum(['created', 'updated', 'unchanged']), caseNotified: z.boolean() }),
    },
    errors: ['TEMPORAL_UNAVAILABLE'],
    examples: {
      request: {
        cn: { summary: 'A consumer loan in China, with the debtor\'s contact details', value: CN_LOAN_EXAMPLE },
        us: { summary: 'A US personal loan, two installments missed', value: US_LOAN_EXAMPLE },
      },
      response: {
        updated: { summary: 'The loan was stored before: its open case heard the change', value: { ...LOAN_VIEW_EXAMPLE, outcome: 'updated', caseNotified: true } },
      },
      error: {
        summary: 'The schedule is out of order',
        value: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request has invalid fields: body.loan.installments.4.dueDate',
            details: [{ path: 'body.loan.installments.4.dueDate', message: 'must not be before the previous installment\'s due date 2026-10-15' }],
          },
        },
      },
    },
    async handler({ params, body }) {
      try {
        const put = await putLoan(context, params.loanId, body);
        return { status: put.outcome === 'created' ? 201 : 200, body: put };
      } catch (error) {
        if (error instanceof LoanIdMismatchError) {
          throw validationFailed([{ path: 'body.loan.loanId', message: `must equal the loan id in the path, ${error.loanId}` }]);
        }
        throw error;
      }
    },
  });

  api.route({
    method: 'get',
    path: '/v1/loans/:loanId',
    tag: 'loans',
    summary: 'A loan from the loan book, with its days past due now',
    description:
      'The debtor\'s contact details come masked; `POST /v1/cases/{caseId}/contact/reveal` shows them whole on the loan\'s case and records who did and why.',
    roles: [...LOAN_ROLES],
    params: loanIdParams,
    response: { status: 200, description: 'The loan', schema: loanResponseSchema },
    errors: ['LOAN_NOT_FOUND'],
    examples: {
      response: { cn: { summary: 'The CN loan, 32 days past due, its contact masked', value: { ...LOAN_VIEW_EXAMPLE, contact: CASE_PARTICULARS_EXAMPLE.contact! } } },
      error: { summary: 'No such loan', value: { error: { code: 'LOAN_NOT_FOUND', message: 'Loan L-CN-2025-009999 is not in the loan book' } } },
    },
    async handler({ params }) {
      try {
        return { body: await readLoan(context, params.loanId) };
      } catch (error) {
        if (error instanceof LoanNotFoundError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
