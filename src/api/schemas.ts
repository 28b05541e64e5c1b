// Request and response pieces shared by several routes.
import { z } from 'zod';
import { loanSchema } from '../domain';
import type { DebtorContact } from '../db/loans';
import { validationFailed } from './validation';

/** Loan ids travel in URLs and workflow ids (case-<loanId>): plain tokens only. */
export const LOAN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const loanIdMessage = 'letters, digits and . _ : - (at most 128), starting with a letter or digit';

export const loanIdSchema = z.string().regex(LOAN_ID_PATTERN, loanIdMessage);
export const caseIdSchema = z.string().regex(/^case-[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'case-<loanId>');

export const loanIdParams = z.strictObject({ loanId: loanIdSchema });
export const caseIdParams = z.strictObject({ caseId: caseIdSchema });

const contactText = (max: number) => z.string().trim().min(1).max(max);

/** The debtor's personal data: stored in the loan book, never sent to a case. */
export const contactSchema = z.strictObject({
  name: contactText(200).optional(),
  phone: contactText(40).optional(),
  address: contactText(500).optional(),
  nationalId: contactText(40).optional(),
}) satisfies z.ZodType<DebtorContact>;

/** One loan as the loan system sends it: the PUT body and one NDJSON import line. */
export const loanEntrySchema = z
  .strictObject({ loan: loanSchema, contact: contactSchema.optional() })
  .superRefine((entry, ctx) => {
    if (!LOAN_ID_PATTERN.test(entry.loan.loanId)) ctx.addIssue({ code: 'custom', path: ['loan', 'loanId'], message: loanIdMessage });
  });

/** Opaque position in a list; pass back nextCursor to get the next page. */
export const cursorQuery = {
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const encodeCursor = (position: string | number | readonly (string | number)[]) =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

/** The position a cursor holds; a cursor this API did not hand out is a validation error. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const parsed = schema.safeParse(position);
  if (!parsed.success) throw validationFailed([{ path: 'query.cursor', message: 'not a cursor from an earlier page of this list' }]);
  return parsed.data;
}
