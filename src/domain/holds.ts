// Holds a supervisor or the debtor puts on a case, and what each one stops. A hold
// that stops everything freezes the ladder until it is lifted; cease-contact only
// silences the channels that reach the debtor, because legal and internal steps
// (court, reviews) may still go ahead.
import { z } from 'zod';
import { isoDateSchema } from './loan';
import type { Channel } from './strategy-schema';

export const HOLD_KINDS = ['dispute', 'promise-to-pay', 'cease-contact'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/** Channels that reach the debtor, directly or through an agency acting for the lender. */
export const CONTACT_CHANNELS: readonly Channel[] = ['sms', 'letter', 'phone', 'field-visit', 'agency'];

export const HOLD_EFFECTS: Record<HoldKind, { stops: 'everything' | 'contact'; why: string }> = {
  dispute: { stops: 'everything', why: 'collection waits until the disputed debt is verified' },
  'promise-to-pay': { stops: 'everything', why: 'the debtor promised to pay, so the ladder waits for the promise date' },
  'cease-contact': { stops: 'contact', why: 'the debtor asked for no further contact' },
};

/** A debtor's promise to pay, as a supervisor or an agent records it. */
export const promiseToPaySchema = z.strictObject({
  amount: z.number().int().positive().describe('Minor units'),
  date: isoDateSchema.describe('The business day (YYYY-MM-DD) by which the debtor will pay; the promise falls due at its end'),
});
