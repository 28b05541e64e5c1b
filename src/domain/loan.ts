// A loan as a collection case sees it: amounts, schedule and the debtor's reference
// data needed to time contact. Names, phone numbers and addresses are not here: the
// case carries only the opaque debtorRef, because this type travels through
// Temporal histories, search attributes and logs.
import { z } from 'zod';

export const PRODUCTS = ['credit-card', 'loan'] as const;
export type Product = (typeof PRODUCTS)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A calendar date 'YYYY-MM-DD' with no time zone; see delinquency.ts for how it becomes a day. */
export const isoDateSchema = z.iso.date();

/** Money in integer minor units (cents, fen): floats would lose cents across allocations. */
export const minorUnitsSchema = z.number().int().nonnegative();

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const installmentSchema = z.strictObject({
  seq: z.number().int().positive(),
  dueDate: isoDateSchema,
  amountDue: minorUnitsSchema,
  amountPaid: minorUnitsSchema,
});
export type Installment = z.infer<typeof installmentSchema>;

export const debtorSchema = z.strictObject({
  /** Opaque id into the system that holds the debtor's PII. */
  debtorRef: z.string().min(1),
  /** IANA zone, e.g. 'Asia/Shanghai': contact hours are judged at the debtor's local time. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
  /** ISO 3166-1 alpha-2; picks the compliance profile. */
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as CN'),
  locale: z.enum(LOCALES),
});
export type Debtor = z.infer<typeof debtorSchema>;

export const loanSchema = z
  .strictObject({
    loanId: z.string().min(1),
    /** ISO 4217 code; all amounts are minor units of this currency. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as CNY'),
    /** Amount originally lent (or the credit limit used, for cards). */
    principal: z.number().int().positive(),
    /** What the debtor owes now, including interest and fees, so it may exceed principal. */
    outstanding: minorUnitsSchema,
    installments: z.array(installmentSchema).min(1),
    debtor: debtorSchema,
    product: z.enum(PRODUCTS),
    lastPaymentDate: isoDateSchema.optional(),
    /** Earlier delinquency episodes on this loan, from the loan system; a scorecard feature. */
    priorDelinquencies: z.number().int().nonnegative().optional(),
    /** Date the statute of limitations runs out; after it the debt is time-barred. */
    limitationDate: isoDateSchema.optional(),
    /** The day the loan was last restructured (a repayment plan accepted, a re-age): classification holds it at least 次级 through the observation period. */
    restructuredOn: isoDateSchema.optional(),
    /** The day a kept repayment plan last re-aged the loan (its past-due amounts moved to a later installment). */
    lastReAgedOn: isoDateSchema.optional(),
  })
  .superRefine((loan, ctx) => {
    // Oldest-first allocation and DPD rely on seq and due date agreeing on order.
    loan.installments.forEach((installment, index) => {
      if (installment.amountPaid > installment.amountDue) {
        ctx.addIssue({
          code: 'custom',
          path: ['installments', index, 'amountPaid'],
          message: `must not exceed amountDue ${installment.amountDue}; an overpayment is surplus, not part of an installment`,
        });
      }
      if (index === 0) return;
      const previous = loan.installments[index - 1];
      if (installment.seq <= previous.seq) {
        ctx.addIssue({
          code: 'custom',
          path: ['installments', index, 'seq'],
          message: `must be greater than the previous installment's seq ${previous.seq}`,
        });
      }
      if (installment.dueDate < previous.dueDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['installments', index, 'dueDate'],
          message: `must not be before the previous installment's due date ${previous.dueDate}`,
        });
      }
    });
  });
export type Loan = z.infer<typeof loanSchema>;
