import { DAY_MS, type Loan } from '../../src/domain';

export interface OverdueLoanOptions {
  loanId: string;
  /** Business now, epoch ms. */
  nowMs: number;
  /** DPD at nowMs. */
  daysPastDue: number;
  /** Overdue installments, a month (30 days) apart, the oldest `daysPastDue` late; 1 by default. */
  overdueInstallments?: number;
  principal?: number;
  outstanding?: number;
  lastPaymentDaysAgo?: number;
  priorDelinquencies?: number;
  product?: Loan['product'];
  limitationDate?: string;
  timeZone?: string;
  country?: string;
}

/** The UTC calendar date of an instant, as loans and payments write dates. */
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A loan whose overdue installments (one by default, 100 000 each) make it
 * `daysPastDue` late at nowMs, and one future installment for the rest.
 */
export function overdueLoan(options: OverdueLoanOptions): Loan {
  const outstanding = options.outstanding ?? 300_000;
  const count = options.overdueInstallments ?? 1;
  const overdue = Math.min(Math.floor(outstanding / count), 100_000);
  const installments = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    dueDate: isoDate(options.nowMs - (options.daysPastDue - 30 * i) * DAY_MS),
    amountDue: overdue,
    amountPaid: 0,
  }));
  return {
    loanId: options.loanId,
    currency: 'CNY',
    principal: options.principal ?? 1_000_000,
    outstanding,
    installments: [
      ...installments,
      { seq: count + 1, dueDate: isoDate(options.nowMs + 365 * DAY_MS), amountDue: outstanding - overdue * count, amountPaid: 0 },
    ],
    debtor: { debtorRef: `debtor-${options.loanId}`, timeZone: options.timeZone ?? 'Asia/Shanghai', country: options.country ?? 'CN', locale: 'zh-CN' },
    product: options.product ?? 'loan',
    ...(options.lastPaymentDaysAgo !== undefined ? { lastPaymentDate: isoDate(options.nowMs - options.lastPaymentDaysAgo * DAY_MS) } : {}),
    ...(options.priorDelinquencies !== undefined ? { priorDelinquencies: options.priorDelinquencies } : {}),
    ...(options.limitationDate ? { limitationDate: options.limitationDate } : {}),
  };
}

/** A loan of a debtor in New York, written to in English: Regulation F applies. */
export function usLoan(options: OverdueLoanOptions): Loan {
  const loan = overdueLoan({ timeZone: 'America/New_York', country: 'US', ...options });
  return { ...loan, currency: 'USD', debtor: { ...loan.debtor, locale: 'en' } };
}
