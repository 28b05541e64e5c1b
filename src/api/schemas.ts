// Request and response pieces shared by several routes.
import { z } from 'zod';
import { loanEntrySchema, loanIdSchema } from '../cases/loan-entry';
import { validationFailed } from './validation';

export { loanIdSchema };

export const caseIdSchema = z.string().regex(/^case-[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'case-<loanId>');

export const loanIdParams = z.strictObject({ loanId: loanIdSchema });
export const caseIdParams = z.strictObject({ caseId: caseIdSchema });

/** The debtor in China every case, task and agency example is about: a consumer loan a month behind. */
export const CN_LOAN_EXAMPLE = {
  loan: {
    loanId: 'L-CN-2025-004217',
    currency: 'CNY',
    principal: 1_200_000,
    outstanding: 630_000,
    installments: [
      { seq: 1, dueDate: '2026-07-15', amountDue: 210_000, amountPaid: 210_000 },
      { seq: 2, dueDate: '2026-08-15', amountDue: 210_000, amountPaid: 210_000 },
      { seq: 3, dueDate: '2026-09-15', amountDue: 210_000, amountPaid: 210_000 },
      { seq: 4, dueDate: '2026-10-15', amountDue: 210_000, amountPaid: 0 },
      { seq: 5, dueDate: '2026-11-15', amountDue: 210_000, amountPaid: 0 },
      { seq: 6, dueDate: '2026-12-15', amountDue: 210_000, amountPaid: 0 },
    ],
    debtor: { debtorRef: 'DBT-CN-550918', timeZone: 'Asia/Shanghai', country: 'CN', locale: 'zh-CN' },
    product: 'loan',
    lastPaymentDate: '2026-09-14',
    priorDelinquencies: 1,
  },
  contact: { name: '王芳', phone: '+8613800138000', address: '上海市浦东新区世纪大道100号1203室', nationalId: '310115199003150028' },
} satisfies z.input<typeof loanEntrySchema>;

/** A US personal loan, six monthly installments, two missed. */
export const US_LOAN_EXAMPLE = {
  loan: {
    loanId: 'L-US-2025-118305',
    currency: 'USD',
    principal: 240_000,
    outstanding: 124_500,
    installments: [
      { seq: 1, dueDate: '2026-07-01', amountDue: 41_500, amountPaid: 41_500 },
      { seq: 2, dueDate: '2026-08-01', amountDue: 41_500, amountPaid: 41_500 },
      { seq: 3, dueDate: '2026-09-01', amountDue: 41_500, amountPaid: 41_500 },
      { seq: 4, dueDate: '2026-10-01', amountDue: 41_500, amountPaid: 0 },
      { seq: 5, dueDate: '2026-11-01', amountDue: 41_500, amountPaid: 0 },
      { seq: 6, dueDate: '2026-12-01', amountDue: 41_500, amountPaid: 0 },
    ],
    debtor: { debtorRef: 'DBT-US-77120', timeZone: 'America/Chicago', country: 'US', locale: 'en' },
    product: 'loan',
    lastPaymentDate: '2026-09-01',
    priorDelinquencies: 0,
    limitationDate: '2032-10-01',
  },
  contact: { name: 'Jordan Avery', phone: '+13125550147', address: '2210 W Fulton St, Apt 3, Chicago, IL 60612' },
} satisfies z.input<typeof loanEntrySchema>;

/** A time the API writes in business time (the document's description says what that is). */
export const businessTime = (what: string) => z.string().describe(`${what}. Business time, ISO-8601`);

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
