// What the loan system sends for one loan, as every way into the loan book
// (PUT /v1/loans/{loanId}, the import) validates it: the loan (no personal data)
// and, apart from it, the debtor's contact details.
import { z } from 'zod';
import { loanSchema } from '../domain';
import type { DebtorContact } from '../db/loans';

/** Loan ids travel in URLs and workflow ids (case-<loanId>): plain tokens only. */
export const LOAN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const loanIdMessage = 'letters, digits and . _ : - (at most 128), starting with a letter or digit';

export const loanIdSchema = z.string().regex(LOAN_ID_PATTERN, loanIdMessage);

const contactText = (max: number) => z.string().trim().min(1).max(max);

/** The debtor's personal data: stored in the loan book, never sent to a case. */
export const contactSchema = z.strictObject({
  name: contactText(200).optional(),
  phone: contactText(40).optional(),
  address: contactText(500).optional(),
  nationalId: contactText(40).optional(),
  email: z.email().max(254).optional(),
  emailIsWork: z.boolean().optional(),
  appUserId: contactText(128).optional(),
  imId: contactText(128).optional(),
}) satisfies z.ZodType<DebtorContact>;

/** One loan as the loan system sends it: the PUT body and one NDJSON import line. */
export const loanEntrySchema = z
  .strictObject({ loan: loanSchema, contact: contactSchema.optional() })
  .superRefine((entry, ctx) => {
    if (!LOAN_ID_PATTERN.test(entry.loan.loanId)) ctx.addIssue({ code: 'custom', path: ['loan', 'loanId'], message: loanIdMessage });
  });
