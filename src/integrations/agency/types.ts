// The collection-agency channel's contract. A placement carries only what an
// agency needs to collect: who, how to reach them, how much, how late. Scores,
// strategy and internal notes stay with us.
import { z } from 'zod';
import {
  callbackUrlSchema,
  currencySchema,
  isoDateSchema,
  minorUnitsSchema,
  nameSchema,
  phoneSchema,
  postalAddressSchema,
  type Idempotent,
} from '../contract';

export const placementSchema = z.strictObject({
  /** Our reference for this placement, unique per case and agency assignment. */
  placementRef: z.string().min(1).max(100),
  /** The agency the case is placed with, as the agency's token names it: it reports on this placement, and no other agency. */
  agency: z.string().min(1).max(100),
  loanId: z.string().min(1).max(100),
  debtor: z.strictObject({ name: nameSchema, phone: phoneSchema, address: postalAddressSchema }),
  /** Minor units of currency. */
  balance: minorUnitsSchema.positive(),
  currency: currencySchema,
  dpd: z.number().int().nonnegative(),
  /** Receives an AgencyCollectionReport for every collection the agency reports. */
  callbackUrl: callbackUrlSchema.optional(),
});
export type Placement = z.infer<typeof placementSchema>;
export type AgencyPlacementRequest = Idempotent & Placement;

export const RECALL_REASONS = [
  'paid',
  'settled',
  'disputed',
  'cease-communication',
  'complaint',
  'strategy-change',
  /** A supervisor took the case back (recall-agency), whatever the strategy says. */
  'supervisor-request',
  'case-closed',
] as const;
export const recallSchema = z.strictObject({ reason: z.enum(RECALL_REASONS) });
export type AgencyRecallRequest = Idempotent & { placementRef: string } & z.infer<typeof recallSchema>;

export const placementStatusSchema = z.object({
  placementRef: z.string().min(1),
  status: z.enum(['placed', 'recalled']),
});
export type PlacementStatus = z.infer<typeof placementStatusSchema>;

export const agencyCollectionSchema = z.object({
  /** Minor units of the placement's currency. */
  amount: minorUnitsSchema.positive(),
  date: isoDateSchema,
  /** The agency's reference for the payment, used to reconcile. */
  reference: z.string().min(1).max(100),
});
export type AgencyCollection = z.infer<typeof agencyCollectionSchema>;

export const collectionsSchema = z.object({
  placementRef: z.string().min(1),
  collections: z.array(agencyCollectionSchema),
});

export const AGENCY_CONTACT_CHANNELS = ['phone', 'field-visit', 'sms', 'letter'] as const;
/** What came of an agency's contact attempt; the compliance guard counts connected calls and conversations. */
export const AGENCY_CONTACT_OUTCOMES = ['connected', 'conversation', 'no-answer', 'voicemail', 'refused', 'wrong-number', 'delivered', 'failed'] as const;

/** An agency's own contact attempt on a placement: NIFA counts the debtor's calls across the lender and its agencies. */
export const agencyContactSchema = z.object({
  placementRef: z.string().min(1).max(200),
  /** The agency's reference for the attempt: the same reference again is the same attempt. */
  reference: z.string().min(1).max(100),
  channel: z.enum(AGENCY_CONTACT_CHANNELS),
  /** When the attempt was made. */
  at: z.iso.datetime({ offset: true }),
  outcome: z.enum(AGENCY_CONTACT_OUTCOMES),
});
export type AgencyContact = z.infer<typeof agencyContactSchema>;

/** Posted to the placement's callbackUrl. */
export interface AgencyCollectionReport {
  event: 'collection-reported';
  placementRef: string;
  collection: AgencyCollection;
}

export interface AgencyProvider {
  place(request: AgencyPlacementRequest): Promise<PlacementStatus>;
  recall(request: AgencyRecallRequest): Promise<PlacementStatus>;
  collections(placementRef: string): Promise<AgencyCollection[]>;
}
