// The court-filing channel's contract: a claim package goes to an e-filing service.
import { z } from 'zod';
import { currencySchema, isoDateSchema, minorUnitsSchema, nameSchema, postalAddressSchema, type Idempotent } from '../contract';

const partySchema = z.strictObject({ name: nameSchema, address: postalAddressSchema });
export type Party = z.infer<typeof partySchema>;

export const DOCUMENT_TYPES = [
  'statement-of-claim',
  'loan-agreement',
  'statement-of-account',
  'demand-letter',
  'evidence',
] as const;

export const filingSchema = z.strictObject({
  /** Our reference for the case being filed; the court refuses a second filing for it. */
  caseRef: z.string().min(1).max(100),
  package: z.strictObject({
    claimant: partySchema,
    defendant: partySchema,
    /** Minor units of currency. */
    amountClaimed: minorUnitsSchema.positive(),
    currency: currencySchema,
    documents: z.array(z.strictObject({ type: z.enum(DOCUMENT_TYPES), title: z.string().min(1).max(200) })).min(1),
  }),
});
export type Filing = z.infer<typeof filingSchema>;
export type CourtFilingRequest = Idempotent & Filing;

export const filingSubmittedSchema = z.object({ filingId: z.string().min(1), status: z.literal('submitted') });
export type FilingSubmitted = z.infer<typeof filingSubmittedSchema>;

export const FILING_STATUSES = ['submitted', 'accepted', 'rejected', 'hearing-scheduled'] as const;
export const filingStatusSchema = z.object({
  filingId: z.string().min(1),
  status: z.enum(FILING_STATUSES),
  /** Why the court rejected the filing, as a code such as MISSING_STATEMENT_OF_CLAIM. */
  reason: z.string().optional(),
  hearingDate: isoDateSchema.optional(),
});
export type FilingStatus = z.infer<typeof filingStatusSchema>;

export interface CourtFilingProvider {
  file(request: CourtFilingRequest): Promise<FilingSubmitted>;
  getStatus(filingId: string): Promise<FilingStatus>;
}
