// What the debtor reads: the provider's SMS template and its variables, or the
// rendered letter, for an action the strategy names by its own template. Dates
// and amounts are formatted for the debtor's locale and time zone here.
import { DAY_MS, type ActionRequest } from '../domain';
import type { PostalAddress } from '../integrations/contract';
import { formatMoney, renderLetter } from '../integrations/letter/render';
import type { LetterType, RenderedLetter } from '../integrations/letter/types';
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

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The oldest unpaid due date: DPD counts whole UTC days from it. */
const dueDateOf = (request: ActionRequest) => isoDate(request.atMs - request.daysPastDue * DAY_MS);

function template(request: ActionRequest): string {
  return request.template ?? 'payment-reminder';
}

export function smsContent(request: ActionRequest, debtorName: string, lender: Lender): { templateId: SmsTemplateId; variables: SmsVariables } {
  const templateId = SMS_TEMPLATE_OF[template(request)];
  if (!templateId) throw new UnknownTemplateError(`no SMS template for "${template(request)}"`);
  const { locale, timeZone } = request.debtor;
  const date = (ms: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(ms);
  return {
    templateId,
    variables: {
      creditor: lender.name,
      name: debtorName,
      amount: formatMoney(request.balance, request.currency, locale),
      dueDate: date(Date.parse(dueDateOf(request))),
      daysPastDue: request.daysPastDue,
      phone: lender.phone,
      deadline: date(request.atMs + PAY_WITHIN_DAYS * DAY_MS),
    },
  };
}

export function letterContent(request: ActionRequest, debtorName: string, lender: Lender): { letterType: LetterType; rendered: RenderedLetter } {
  const letterType = LETTER_TYPE_OF[template(request)];
  if (!letterType) throw new UnknownTemplateError(`no letter for "${template(request)}"`);
  const facts = {
    letterDate: isoDate(request.atMs),
    debtorName,
    creditorName: lender.name,
    // A letter never prints the full account number.
    accountRef: `ending ${request.loanId.slice(-4)}`,
    amountDue: request.balance,
    currency: request.currency,
    daysPastDue: request.daysPastDue,
  };
  const rendered =
    letterType === 'validation-notice'
      ? renderLetter({
          ...facts,
          letterType,
          locale: 'en',
          itemization: {
            collectorName: lender.name,
            itemizationDate: dueDateOf(request),
            amountOnItemizationDate: request.balance,
            interest: 0,
            fees: 0,
            paymentsAndCredits: 0,
            disputeBy: isoDate(request.atMs + DISPUTE_WINDOW_DAYS * DAY_MS),
          },
        })
      : renderLetter({ ...facts, letterType, locale: request.debtor.locale, payBy: isoDate(request.atMs + PAY_WITHIN_DAYS * DAY_MS) });
  return { letterType, rendered };
}
