// Payments from the loan system: recorded once per reference, allocated to the
// oldest installments in the loan book, and sent to the loan's open case, which
// applies each reference once too. Posting the same payment again is safe.
import { z } from 'zod';
import { isoDateSchema } from '../../domain';
import { LoanNotFoundError } from '../../cases/loans';
import { PaymentReferenceConflictError, recordPayment } from '../../cases/payments';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { CN_LOAN_EXAMPLE, loanIdParams } from '../schemas';

const paymentBodySchema = z.strictObject({
  /** Minor units. */
  amount: z.number().int().positive(),
  date: isoDateSchema,
  reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'the payment system\'s reference: letters, digits and . _ : / -'),
});

const paymentSchema = z.object({
  reference: z.string(),
  loanId: z.string(),
  amount: z.number().int(),
  date: z.string(),
  receivedAt: z.string(),
  surplus: z.number().int(),
});

export function paymentRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/loans/:loanId/payments',
    tag: 'loans',
    summary: 'Record a payment, allocate it to the loan and tell the open case',
    description:
      'Idempotent by `reference`: the same payment posted again answers 200 with `duplicate: true` and changes nothing. ' +
      'A reference already used for a different loan, amount or date is a conflict.',
    roles: ['supervisor'],
    params: loanIdParams,
    body: paymentBodySchema,
    response: {
      status: 201,
      description: 'Recorded and allocated (200 when the reference was already recorded)',
      schema: z.object({ payment: paymentSchema, duplicate: z.boolean(), outstanding: z.number().int(), caseNotified: z.boolean() }),
    },
    errors: ['LOAN_NOT_FOUND', 'PAYMENT_REFERENCE_CONFLICT'],
    examples: {
      request: {
        installment: { summary: 'The CN loan\'s oldest missed installment, paid', value: { amount: 210_000, date: '2026-11-16', reference: 'PAY-20261116-88123' } },
      },
      response: {
        recorded: {
          summary: 'Recorded, allocated to installment 4 and sent to the open case',
          value: {
            payment: {
              reference: 'PAY-20261116-88123',
              loanId: CN_LOAN_EXAMPLE.loan.loanId,
              amount: 210_000,
              date: '2026-11-16',
              receivedAt: '2026-11-16T06:42:10.503Z',
              surplus: 0,
            },
            duplicate: false,
            outstanding: CN_LOAN_EXAMPLE.loan.outstanding - 210_000,
            caseNotified: true,
          },
        },
      },
      error: {
        summary: 'The reference was used for another payment',
        value: {
          error: {
            code: 'PAYMENT_REFERENCE_CONFLICT',
            message: 'Payment reference PAY-20261116-88123 was already recorded for loan L-CN-2025-004217, 210000 on 2026-11-16',
          },
        },
      },
    },
    async handler({ params, body, principal }) {
      try {
        const recorded = await recordPayment(context, params.loanId, body, principal.subject);
        return { status: recorded.duplicate ? 200 : 201, body: recorded };
      } catch (error) {
        if (error instanceof LoanNotFoundError || error instanceof PaymentReferenceConflictError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
