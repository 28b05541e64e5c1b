// Holds a supervisor or the debtor puts on a case, and what each one stops. A hold
// that stops everything freezes the ladder until it is lifted; cease-contact only
// silences the channels that reach the debtor, because legal and internal steps
// (court, reviews) may still go ahead.
import { z } from 'zod';
import { isoDateSchema } from './loan';
import type { Channel } from './strategy-schema';

export const HOLD_KINDS = [
  'dispute',
  'promise-to-pay',
  'cease-contact',
  'repayment-plan',
  'settlement',
  'hardship',
  'fraud-review',
  'deceased',
] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/** Channels that reach the debtor, directly or through an agency acting for the lender. */
export const CONTACT_CHANNELS: readonly Channel[] = ['sms', 'letter', 'phone', 'field-visit', 'agency', 'email', 'app-push', 'im'];

export const HOLD_EFFECTS: Record<HoldKind, { stops: 'everything' | 'contact'; why: string }> = {
  dispute: { stops: 'everything', why: 'collection waits until the disputed debt is verified' },
  'promise-to-pay': { stops: 'everything', why: 'the debtor promised to pay, so the ladder waits for the promise date' },
  'cease-contact': { stops: 'contact', why: 'the debtor asked for no further contact' },
  'repayment-plan': { stops: 'everything', why: 'the debtor keeps to an agreed repayment plan, so the ladder waits while each payment is made' },
  settlement: { stops: 'everything', why: 'a settlement is offered, so the ladder waits for its date' },
  hardship: { stops: 'everything', why: 'the debtor is in hardship, so contact and the ladder wait until the hold ends' },
  'fraud-review': { stops: 'everything', why: 'the debtor reports fraud or identity theft, so collection waits for the review' },
  deceased: { stops: 'everything', why: 'the debtor is reported deceased, so every contact stops and the estate is handled' },
};

/** Holds under which the case is in an arrangement with the debtor: its stage is `arrangement`, not `follow-up`. */
export const ARRANGEMENT_HOLDS: readonly HoldKind[] = ['repayment-plan', 'settlement'];

/** A debtor's promise to pay, as a supervisor or an agent records it. */
export const promiseToPaySchema = z.strictObject({
  amount: z.number().int().positive().describe('Minor units'),
  date: isoDateSchema.describe('The business day (YYYY-MM-DD) by which the debtor will pay; the promise falls due at its end'),
});
