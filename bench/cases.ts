// Bench loans and opening cases for them. The loans mix balances and histories
// so the scorecard spreads them over segments, and both the field-visit and the
// agency branch of the default ladder run. Each loan is in the loan book with
// the debtor's contact details first, as the channels look them up there.
import { businessTime, DAY_MS, DEFAULT_STRATEGY, REAL_TIME, type BusinessClock, type Loan } from '../src/domain';
import { loanBook, type LoanEntry } from '../src/db/loans';
import { openCase } from '../src/temporal/cases';
import { LADDER_PREFIX } from './case-activities';
import { inPool, now, since, waitUntil } from './measure';
import { CASE_TASK_QUEUE, type BenchStack } from './stack';

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Made-up contact details: the sandbox providers accept them and reach nobody. */
/** Every channel of the default ladder can reach this debtor: its DPD-1 push and e-mail are sent, not failed over. */
export const BENCH_CONTACT = {
  name: 'Bench Debtor',
  phone: '+8613800138000',
  address: 'Room 101\n1 Bench Road\nShanghai 200000',
  email: 'bench.debtor@example.com',
  appUserId: 'bench-app-user',
  imId: 'bench-im-user',
};

/**
 * A fixed-offset zone in which it is mid-morning at businessNowMs, so the
 * compliance guard's quiet hours do not hold the first contact until the next
 * morning whenever the bench happens to run. (Etc/GMT-8 is UTC+8.)
 */
export function morningTimeZone(businessNowMs: number): string {
  const offset = ((10 - new Date(businessNowMs).getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A loan one day past due at businessNowMs, its variety picked by index. */
export function benchLoan(loanId: string, businessNowMs: number, index: number, timeZone = morningTimeZone(businessNowMs)): Loan {
  const outstanding = index % 2 === 0 ? 800_000 : 300_000;
  const overdue = 100_000;
  return {
    loanId,
    currency: 'CNY',
    principal: 1_000_000,
    outstanding,
    installments: [
      { seq: 1, dueDate: isoDate(businessNowMs - DAY_MS), amountDue: overdue, amountPaid: 0 },
      { seq: 2, dueDate: isoDate(businessNowMs + 365 * DAY_MS), amountDue: outstanding - overdue, amountPaid: 0 },
    ],
    debtor: { debtorRef: `debtor-${loanId}`, timeZone, country: 'CN', locale: 'zh-CN' },
    product: 'loan',
    lastPaymentDate: isoDate(businessNowMs - [20, 45, 90][index % 3] * DAY_MS),
    priorDelinquencies: [0, 1, 3][index % 3],
  };
}

export interface OpenedCases {
  caseIds: string[];
  /** When the first start went out (the loan book was written before). */
  startedAt: bigint;
  elapsedMs: number;
}

/**
 * Opens `count` cases through the client, `concurrency` starts in flight. The
 * time is until the last start returned: the server has them, the worker may not yet.
 */
export async function openBenchCases(
  stack: BenchStack,
  options: { prefix: string; count: number; concurrency: number; clock?: BusinessClock; from?: number },
): Promise<OpenedCases> {
  const clock = options.clock ?? REAL_TIME;
  const businessNow = businessTime(clock, Date.now());
  const from = options.from ?? 0;
  const timeZone = morningTimeZone(businessNow);
  const loans = Array.from({ length: options.count }, (_, i) => benchLoan(`${options.prefix}-${from + i}`, businessNow, from + i, timeZone));
  await putInLoanBook(options.prefix.startsWith(LADDER_PREFIX) ? stack.ladderDatabase : stack.database, loans);
  const start = now();
  const caseIds = await inPool(options.count, options.concurrency, async (i) => {
    const loan = loans[i];
    const handle = await openCase(stack.client, { loan, strategy: DEFAULT_STRATEGY, clock, openedBy: 'bench', taskQueue: CASE_TASK_QUEUE });
    return handle.workflowId;
  });
  return { caseIds, startedAt: start, elapsedMs: since(start) };
}

async function putInLoanBook(database: BenchStack['database'], loans: Loan[]): Promise<void> {
  const book = loanBook(database);
  for (let i = 0; i < loans.length; i += 500) {
    await book.upsert(loans.slice(i, i + 500).map((loan): LoanEntry => ({ loan, contact: BENCH_CONTACT })));
  }
}

/** Waits until `count` cases under the prefix have parked once: their read model is written just before they wait. */
export async function waitUntilParked(stack: BenchStack, prefix: string, count: number, timeoutMs: number): Promise<number> {
  const start = now();
  await waitUntil(`${count} ${prefix} cases to park`, () => stack.watch.parkedCount(prefix) >= count, timeoutMs, 50);
  return since(start);
}
