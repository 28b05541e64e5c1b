// The agent's outcome form as the API takes it: which fields each outcome needs,
// the checks made before sending (an amount above zero in the currency's minor
// units, a promise date not yet passed, a dispute's reason), and the request body.
import type { paths } from '../api/schema';
import type { MessageKey } from '../messages';

export type OutcomeReport = NonNullable<paths['/v1/tasks/{taskId}/outcome']['post']['requestBody']>['content']['application/json'];
export type Outcome = OutcomeReport['outcome'];
export type ArrearsReasonCode = NonNullable<OutcomeReport['arrearsReason']>['code'];

/** In the order an agent thinks of them: reached or not, then what was said. */
export const OUTCOMES: readonly Outcome[] = ['contacted', 'promise-to-pay', 'dispute', 'refused', 'no-answer', 'wrong-number'];

/** Where the debtor was reached, and so may have said why they fell behind (the API refuses a reason with the others). */
export const CONVERSATIONS: readonly Outcome[] = ['contacted', 'promise-to-pay', 'dispute', 'refused'];

/** Each reason for the arrears the API takes, with its words; `satisfies` keeps the list whole as the API grows. */
export const ARREARS_REASON_WORDS = {
  forgot: 'agent.reason.forgot',
  'income-drop': 'agent.reason.income-drop',
  illness: 'agent.reason.illness',
  'business-failure': 'agent.reason.business-failure',
  dispute: 'agent.reason.dispute',
  fraud: 'agent.reason.fraud',
  deceased: 'agent.reason.deceased',
  'refuses-to-pay': 'agent.reason.refuses-to-pay',
  unreachable: 'agent.reason.unreachable',
  unknown: 'agent.reason.unknown',
} as const satisfies Record<ArrearsReasonCode, MessageKey>;

export const NOTE_MAX = 500;

/** What the form holds, as typed. */
export interface OutcomeForm {
  outcome: string;
  amount: string;
  date: string;
  disputeReason: string;
  arrearsReason: string;
  arrearsNote: string;
}

/** What is wrong with a field, by the field's name: a key the page words. */
export type Problems = Partial<Record<keyof OutcomeForm, 'outcome' | 'amount' | 'date' | 'datePast' | 'disputeReason' | 'tooLong'>>;

/** The minor units of a typed amount ("2100.50" in CNY is 210050), or undefined when it is not an amount above zero with at most `digits` decimals. */
export function minorUnitsOf(typed: string, digits: number): number | undefined {
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(typed.trim().replace(/[\s_]/g, ''));
  if (!match || (match[2]?.length ?? 0) > digits) return undefined;
  const minor = Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
  return Number.isSafeInteger(minor) && minor > 0 ? minor : undefined;
}

/** The checks the form makes before sending; `today` is the business day (YYYY-MM-DD). */
export function problemsOf(form: OutcomeForm, { digits, today }: { digits: number; today: string }): Problems {
  const problems: Problems = {};
  const outcome = form.outcome as Outcome;
  if (!OUTCOMES.includes(outcome)) return { outcome: 'outcome' };
  if (outcome === 'promise-to-pay') {
    if (minorUnitsOf(form.amount, digits) === undefined) problems.amount = 'amount';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) problems.date = 'date';
    else if (form.date < today) problems.date = 'datePast';
  }
  if (outcome === 'dispute') {
    const reason = form.disputeReason.trim();
    if (!reason || reason.length > NOTE_MAX) problems.disputeReason = 'disputeReason';
  }
  if (CONVERSATIONS.includes(outcome) && form.arrearsNote.trim().length > NOTE_MAX) problems.arrearsNote = 'tooLong';
  return problems;
}

/** The request body for a form without problems: only the fields its outcome takes. */
export function reportOf(form: OutcomeForm, digits: number): OutcomeReport {
  const outcome = form.outcome as Outcome;
  const code = form.arrearsReason as ArrearsReasonCode;
  const note = form.arrearsNote.trim();
  const reason = CONVERSATIONS.includes(outcome) && code in ARREARS_REASON_WORDS ? { arrearsReason: { code, ...(note && { note }) } } : {};
  if (outcome === 'promise-to-pay') return { outcome, promise: { amount: minorUnitsOf(form.amount, digits)!, date: form.date }, ...reason };
  if (outcome === 'dispute') return { outcome, dispute: { reason: form.disputeReason.trim() }, ...reason };
  return { outcome, ...reason };
}

/** Decimal places of a currency's minor unit (CNY and USD 2, JPY 0). */
export const currencyDigits = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
