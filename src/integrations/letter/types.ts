// The letter channel's contract: a rendered letter goes to a print-and-mail provider.
import { z } from 'zod';
import { addressLinesSchema, countrySchema, nameSchema, type Idempotent } from '../contract';

export const LETTER_TYPES = ['reminder', 'demand', 'final-notice', 'validation-notice'] as const;
export type LetterType = (typeof LETTER_TYPES)[number];

export const renderedLetterSchema = z.strictObject({
  subject: z.string().min(1).max(200),
  body: z.string().min(1).max(20_000),
});
export type RenderedLetter = z.infer<typeof renderedLetterSchema>;

export const letterSchema = z.strictObject({
  recipient: z.strictObject({ name: nameSchema, addressLines: addressLinesSchema, country: countrySchema }),
  letterType: z.enum(LETTER_TYPES),
  rendered: renderedLetterSchema,
});
export type Letter = z.infer<typeof letterSchema>;
export type LetterSendRequest = Idempotent & Letter;

export const letterAcceptedSchema = z.object({ trackingId: z.string().min(1), status: z.literal('accepted') });
export type LetterAccepted = z.infer<typeof letterAcceptedSchema>;

export const LETTER_STATUSES = ['accepted', 'printed', 'mailed', 'returned'] as const;
export const letterStatusSchema = z.object({ trackingId: z.string().min(1), status: z.enum(LETTER_STATUSES) });
export type LetterStatus = z.infer<typeof letterStatusSchema>;

export interface LetterProvider {
  send(request: LetterSendRequest): Promise<LetterAccepted>;
  getStatus(trackingId: string): Promise<LetterStatus>;
}
