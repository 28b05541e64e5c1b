import { DAY_MS, type Loan } from '../../src/domain';

export interface OverdueLoanOptions {
  loanId: string;
  /** Business now, epoch ms. */
  nowMs: number;
  /** DPD at nowMs. */
  daysPastDue: number;
  principal?: number;
  outstanding?: number;
  lastPaymentDaysAgo?: number;
  priorDelinquencies?: number;
  product?: Loan['product'];
  limitationDate?: string;
  timeZone?: string;
  country?: string;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A loan whose single overdue installment makes it `daysPastDue` late at nowMs, and one future installment. */
export function overdueLoan(options: OverdueLoanOptions): Loan {
  const outstanding = options.outstanding ?? 300_000;
  const overdue = Math.min(outstanding, 100_000);
  return {
    loanId: options.loanId,
    currency: 'CNY',
    principal: options.principal ?? 1_000_000,
    outstanding,
    installments: [
      { seq: 1, dueDate: isoDate(options.nowMs - options.daysPastDue * DAY_MS), amountDue: overdue, amountPaid: 0 },
      { seq: 2, dueDate: isoDate(options.nowMs + 365 * DAY_MS), amountDue: outstanding - overdue, amountPaid: 0 },
    ],
    debtor: { debtorRef: `debtor-${options.loanId}`, timeZone: options.timeZone ?? 'Asia/Shanghai', country: options.country ?? 'CN', locale: 'zh-CN' },
    product: options.product ?? 'loan',
    ...(options.lastPaymentDaysAgo !== undefined ? { lastPaymentDate: isoDate(options.nowMs - options.lastPaymentDaysAgo * DAY_MS) } : {}),
    ...(options.priorDelinquencies !== undefined ? { priorDelinquencies: options.priorDelinquencies } : {}),
    ...(options.limitationDate ? { limitationDate: options.limitationDate } : {}),
  };
}
