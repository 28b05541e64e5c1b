// Sandbox payment provider. Like real providers' test cards:
//   4000000000000002 is declined with reason card_declined;
//   4000000000009995 is declined with reason insufficient_funds;
// any other card number succeeds. One charge per Idempotency-Key.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { ChargeOutcome } from '../../domain';
import { chargeSchema } from '../payments/types';
import { providerWrite } from './idempotency';
import type { SandboxState } from './state';

export const DECLINED_CARDS: Record<string, string> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

export function paymentRoutes(state: SandboxState): Router {
  const router = Router();

  router.post(
    '/charges',
    providerWrite(state, 'payment', chargeSchema, (charge, idempotencyKey) => {
      const chargeId = `ch_${randomUUID()}`;
      const reason = DECLINED_CARDS[charge.method.number];
      const outcome: ChargeOutcome = reason ? { chargeId, status: 'declined', reason } : { chargeId, status: 'succeeded' };
      // The card's number stays with the provider: what the sandbox keeps shows its last four digits.
      const request = { ...charge, method: { type: charge.method.type, last4: charge.method.number.slice(-4) } };
      state.sent.payment.push({ operation: 'charge', id: chargeId, idempotencyKey, request, at: new Date().toISOString() });
      return { status: 201, body: outcome };
    }),
  );

  return router;
}
