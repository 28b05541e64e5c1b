// The payment provider's contract: the debtor's self-service page charges a card
// once per idempotency key; the provider answers succeeded or declined with the
// reason. A decline is an answer, not a failure.
import { z } from 'zod';
import type { ChargeOutcome, ChargeRequest } from '../../domain';
import { currencySchema, minorUnitsSchema } from '../contract';

export const paymentMethodSchema = z.strictObject({
  type: z.literal('card'),
  number: z.string().regex(/^\d{12,19}$/, 'a card number of 12 to 19 digits'),
});

export const chargeSchema = z.strictObject({
  /** Minor units. */
  amount: minorUnitsSchema.positive(),
  currency: currencySchema,
  /** Our reference for what is paid: the case. */
  reference: z.string().min(1).max(100),
  method: paymentMethodSchema,
});
export type Charge = z.infer<typeof chargeSchema>;

export const chargeOutcomeSchema = z.object({
  chargeId: z.string().min(1),
  status: z.enum(['succeeded', 'declined']),
  reason: z.string().optional(),
}) satisfies z.ZodType<ChargeOutcome>;

export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
}
