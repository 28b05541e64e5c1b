// What the debtor reads: the provider's SMS template and its variables, the
// rendered letter or e-mail, the push notification, or the messaging platform's
// template and its fields, for an action the strategy names by its own template. A
// collection message says what is past due, since when, and the whole balance
// apart, from the installments in the loan book on the action's business day.
// Amounts and dates are formatted for the debtor's locale here; a date is a
// calendar date, the same day wherever the debtor lives.
import { DAY_MS, daysInWords, pastDueOn, type ActionRequest, type Installment, type Locale, type PastDue } from '../domain';
import type { PostalAddress } from '../integrations/contract';
import { renderEmail, type RenderedEmail } from '../integrations/email/render';
import { IM_LANG_OF, type ImTemplateId } from '../integrations/im/templates';
import type { ImMessage } from '../integrations/im/types';
import { formatCalendarDate, formatMoney } from '../domain/formatting';
import { renderLetter } from '../integrations/letter/render';
import type { LetterType, RenderedLetter } from '../integrations/letter/types';
import type { PushMessage } from '../integrations/push/types';
import type { SmsTemplateId, SmsVariables } from '../integrations/sms/templates';

/** The lender as debtors and courts see it (LENDER_* configuration). */
export interface Lender {
  name: string;
  /** The number debtors are asked to call. */
  phone: string;
  address: PostalAddress;
}

/**
 * Strategy templates by the SMS template registered with the provider. A phone
 * action falling back to SMS keeps its own template name, so calls map here too.
 */
const SMS_TEMPLATE_OF: Record<string, SmsTemplateId> = {
  'payment-reminder': 'reminder',
  'payment-reminder-gentle': 'reminder',
  'payment-reminder-second': 'reminder',
  'courtesy-call': 'reminder',
  'overdue-notice': 'overdue-notice',
  'collection-call': 'overdue-notice',
  'senior-collector-call': 'overdue-notice',
  'final-notice': 'final-notice',
  'plan-offer': 'plan-offer',
};

/** Strategy templates by letter; an SMS falling back to a letter keeps its template name, so reminders map here too. */
const LETTER_TYPE_OF: Record<string, LetterType> = {
  'payment-reminder': 'reminder',
  'payment-reminder-gentle': 'reminder',
  'payment-reminder-second': 'reminder',
  'overdue-notice': 'reminder',
  reminder: 'reminder',
  'demand-letter-1': 'demand',
  'demand-letter-2': 'demand',
  'final-demand-letter': 'final-notice',
  'final-notice': 'final-notice',
  'validation-notice': 'validation-notice',
};

/** The dispute window the validation notice grants: Reg F asks for at least 30 days; 35 covers mail time. */
const DISPUTE_WINDOW_DAYS = 35;
const PAY_WITHIN_DAYS = 14;

export class UnknownTemplateError extends Error {
  override name = 'UnknownTemplateError';
  readonly code = 'UNKNOWN_TEMPLATE';
}

/** The loan book shows nothing past due: a payment reached it before the case heard of it, and there is nothing to ask for. */
export class NothingPastDueError extends Error {
  override name = 'NothingPastDueError';
  readonly code = 'NOTHING_PAST_DUE';
}

/** What the loan book holds that a message states: the debtor's name and the loan's installments. */
export interface BookedDebtor {
  name: string;
  installments: readonly Installment[];
}

/** The business day of an instant, YYYY-MM-DD: the UTC day, as DPD counts days (see delinquency.ts). */
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);


function pastDueFor(request: ActionRequest, debtor: BookedDebtor): PastDue {
  const pastDue = pastDueOn(debtor.installments, request.atMs);
  if (!pastDue) throw new NothingPastDueError(`the loan book shows nothing past due on loan ${request.loanId} on ${isoDate(request.atMs)}`);
  return pastDue;
}

/** The oldest unpaid due date as the case saw it: DPD counts whole UTC days from it. */
const dueDateOf = (request: ActionRequest) => isoDate(request.atMs - request.daysPastDue * DAY_MS);

/** The day a message asks the amount past due to be paid by: the same in an SMS and a letter. */
const payByOf = (request: ActionRequest) => isoDate(request.atMs + PAY_WITHIN_DAYS * DAY_MS);

function template(request: ActionRequest): string {
  return request.template ?? 'payment-reminder';
}

export function smsContent(request: ActionRequest, debtor: BookedDebtor, lender: Lender): { templateId: SmsTemplateId; variables: SmsVariables } {
  const templateId = SMS_TEMPLATE_OF[template(request)];
  if (!templateId) throw new UnknownTemplateError(`no SMS template for "${template(request)}"`);
  const pastDue = pastDueFor(request, debtor);
  const { locale } = request.debtor;
  const money = (minorUnits: number) => formatMoney(minorUnits, request.currency, locale);
  const date = (day: string) => formatCalendarDate(day, locale, 'medium');
  return {
    templateId,
    variables: {
      creditor: lender.name,
      name: debtor.name,
      pastDueAmount: money(pastDue.amount),
      balance: money(request.balance),
      dueDate: date(pastDue.since),
      daysPastDue: pastDue.daysPastDue,
      overdueFor: daysInWords(pastDue.daysPastDue),
      phone: lender.phone,
      deadline: date(payByOf(request)),
    },
  };
}

export function letterContent(request: ActionRequest, debtor: BookedDebtor, lender: Lender): { letterType: LetterType; rendered: RenderedLetter } {
  const letterType = LETTER_TYPE_OF[template(request)];
  if (!letterType) throw new UnknownTemplateError(`no letter for "${template(request)}"`);
  const facts = {
    letterDate: isoDate(request.atMs),
    debtorName: debtor.name,
    creditorName: lender.name,
    // A letter never prints the full account number.
    accountRef: `ending ${request.loanId.slice(-4)}`,
    balance: request.balance,
    currency: request.currency,
    daysPastDue: request.daysPastDue,
  };
  if (letterType === 'validation-notice') {
    const itemization = {
      collectorName: lender.name,
      itemizationDate: dueDateOf(request),
      amountOnItemizationDate: request.balance,
      interest: 0,
      fees: 0,
      paymentsAndCredits: 0,
      disputeBy: isoDate(request.atMs + DISPUTE_WINDOW_DAYS * DAY_MS),
    };
    return { letterType, rendered: renderLetter({ ...facts, letterType, locale: 'en', itemization }) };
  }
  const pastDue = pastDueFor(request, debtor);
  const rendered = renderLetter({
    ...facts,
    daysPastDue: pastDue.daysPastDue,
    letterType,
    locale: request.debtor.locale,
    pastDueAmount: pastDue.amount,
    pastDueSince: pastDue.since,
    payBy: payByOf(request),
  });
  return { letterType, rendered };
}

/** The links an electronic message carries: the payment page, and the opt-out Reg F § 1006.6(e) asks of every one. */
export interface MessageLinks {
  pay: string;
  optOut: string;
}

/** The e-mail: what is past due and the balance in its body, a subject that names no debt. */
export function emailContent(request: ActionRequest, debtor: BookedDebtor, lender: Lender, links: MessageLinks): RenderedEmail {
  const pastDue = pastDueFor(request, debtor);
  return renderEmail({
    locale: request.debtor.locale,
    debtorName: debtor.name,
    creditorName: lender.name,
    creditorPhone: lender.phone,
    pastDueAmount: pastDue.amount,
    balance: request.balance,
    currency: request.currency,
    pastDueSince: pastDue.since,
    daysPastDue: pastDue.daysPastDue,
    payBy: payByOf(request),
    payUrl: links.pay,
    optOutUrl: links.optOut,
  });
}

const PUSH_WORDING: Record<Locale, (lender: Lender, optOut: string) => Pick<PushMessage, 'title' | 'body'>> = {
  en: (lender, optOut) => ({
    title: lender.name,
    body: `You have a new message about your account. Tap to read it. To stop app messages from us: ${optOut}`,
  }),
  'zh-CN': (lender, optOut) => ({
    title: lender.name,
    body: `您有一条关于账户的新消息，请点击查看。退订App消息：${optOut}`,
  }),
};

/**
 * The push notification. A locked screen shows its title and body to whoever
 * holds the phone, so neither names the debt or an amount (NIFA: no disclosure to
 * third parties); tapping it opens the payment page, which does. The case still
 * checks something is past due, as for every collection message.
 */
export function pushContent(request: ActionRequest, debtor: BookedDebtor, lender: Lender, links: MessageLinks): Omit<PushMessage, 'to'> {
  pastDueFor(request, debtor);
  return { ...PUSH_WORDING[request.debtor.locale](lender, links.optOut), url: links.pay, optOutUrl: links.optOut };
}

const IM_TEMPLATE: ImTemplateId = 'account-notice';

/** The messaging platform's template message: amounts in its fields, the opt-out in its remark. */
export function imContent(request: ActionRequest, debtor: BookedDebtor, lender: Lender, links: MessageLinks): Omit<ImMessage, 'touser'> {
  const pastDue = pastDueFor(request, debtor);
  const { locale } = request.debtor;
  const money = (minorUnits: number) => formatMoney(minorUnits, request.currency, locale);
  const since = formatCalendarDate(pastDue.since, locale, 'medium');
  const payBy = formatCalendarDate(payByOf(request), locale, 'medium');
  const words =
    locale === 'zh-CN'
      ? {
          first: `${debtor.name}您好，您在${lender.name}的还款已逾期${pastDue.daysPastDue}天。`,
          remark: `请于${payBy}前还款，点击详情还款或承诺还款日期。如有疑问请致电${lender.phone}。退订此类消息：${links.optOut}`,
        }
      : {
          first: `${debtor.name}, your payment to ${lender.name} is ${daysInWords(pastDue.daysPastDue)} past due.`,
          remark: `Please pay by ${payBy}: open the details to pay or promise to pay by a date. Questions? Call ${lender.phone}. To stop these messages: ${links.optOut}`,
        };
  return {
    template_id: IM_TEMPLATE,
    lang: IM_LANG_OF[locale],
    url: links.pay,
    data: {
      first: { value: words.first },
      keyword1: { value: money(pastDue.amount) },
      keyword2: { value: money(request.balance) },
      keyword3: { value: since },
      remark: { value: words.remark },
    },
  };
}
