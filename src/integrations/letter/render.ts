// Renders the four collection letters from case facts. Amounts arrive as minor
// units and dates as calendar dates, and are formatted for the locale here, so
// every letter states money and days the same way. A reminder, demand or final
// notice says what is past due and since when, and the whole balance apart. The
// validation notice follows the US Regulation F model form (12 CFR 1006,
// appendix B): itemization and the 30-day dispute window.
import { daysInWords } from '../../domain/delinquency';
import { formatCalendarDate, formatMoney } from '../../domain/formatting';
import type { Locale } from '../../domain/loan';
import type { RenderedLetter } from './types';

interface CaseFacts {
  /** Date printed on the letter, YYYY-MM-DD. */
  letterDate: string;
  debtorName: string;
  creditorName: string;
  /** Masked, e.g. "ending 4821": a letter never prints the full account number. */
  accountRef: string;
  /** Everything owed on the account, minor units of currency. */
  balance: number;
  currency: string;
  daysPastDue: number;
}

/** What a reminder, demand or final notice asks for. */
interface PastDue {
  /** What is unpaid of the installments already due, minor units of currency. */
  pastDueAmount: number;
  /** The oldest unpaid due date, YYYY-MM-DD. */
  pastDueSince: string;
  /** The day to pay the amount past due by, YYYY-MM-DD. */
  payBy: string;
}

/** The debt since the itemization date; every amount in minor units. */
export interface Itemization {
  collectorName: string;
  itemizationDate: string;
  amountOnItemizationDate: number;
  interest: number;
  fees: number;
  paymentsAndCredits: number;
  /** Last day of the dispute window, from the compliance profile; at least 30 days after letterDate. */
  disputeBy: string;
}

export type LetterFacts = CaseFacts &
  (
    | (PastDue & { letterType: 'reminder' | 'demand' | 'final-notice'; locale: Locale })
    | { letterType: 'validation-notice'; locale: 'en'; itemization: Itemization }
  );

/** The facts as the letter prints them; overdueFor is the days past due in English words ("1 day"). */
type Formatted = { [K in keyof CaseFacts | keyof PastDue | 'overdueFor']: string };

const english: Record<'reminder' | 'demand' | 'final-notice', (f: Formatted) => RenderedLetter> = {
  reminder: (f) => ({
    subject: `Payment reminder: account ${f.accountRef}`,
    body: `Dear ${f.debtorName},

This is a reminder from ${f.creditorName} that your payment on account ${f.accountRef}, due on ${f.pastDueSince}, is ${f.overdueFor} past due.

Amount past due: ${f.pastDueAmount}
Total balance of the account: ${f.balance}

Please pay the amount past due by ${f.payBy}.

If you have already paid, please disregard this letter. If you cannot pay in full, contact us to discuss your options.`,
  }),
  demand: (f) => ({
    subject: `Demand for payment: account ${f.accountRef}`,
    body: `Dear ${f.debtorName},

Your payment on account ${f.accountRef} with ${f.creditorName}, due on ${f.pastDueSince}, is ${f.overdueFor} past due. The amount past due is ${f.pastDueAmount}; the total balance of the account is ${f.balance}. We ask you to pay the amount past due in full by ${f.payBy}.

If you are unable to pay in full, contact us to arrange a payment plan.`,
  }),
  'final-notice': (f) => ({
    subject: `Final notice: account ${f.accountRef}`,
    body: `Dear ${f.debtorName},

Despite our earlier letters, your payment on account ${f.accountRef} with ${f.creditorName}, due on ${f.pastDueSince}, is ${f.overdueFor} past due, and the amount past due, ${f.pastDueAmount}, remains unpaid. The total balance of the account is ${f.balance}. This is our final notice before we consider further collection steps permitted by law.

Please pay the amount past due by ${f.payBy} or contact us to discuss your situation.`,
  }),
};

const chinese: typeof english = {
  reminder: (f) => ({
    subject: `还款提醒（账户${f.accountRef}）`,
    body: `${f.debtorName}您好：

您在${f.creditorName}的账户${f.accountRef}于${f.pastDueSince}到期的还款已逾期${f.daysPastDue}天。

逾期金额：${f.pastDueAmount}
账户待还总额：${f.balance}

请于${f.payBy}前归还逾期款项。

如您已还款，请忽略本函。如暂时无法全额还款，请与我们联系协商。`,
  }),
  demand: (f) => ({
    subject: `催收函（账户${f.accountRef}）`,
    body: `${f.debtorName}您好：

您在${f.creditorName}的账户${f.accountRef}于${f.pastDueSince}到期的还款已逾期${f.daysPastDue}天，逾期金额为${f.pastDueAmount}，账户待还总额为${f.balance}。请于${f.payBy}前全额归还逾期款项。

如有困难，请与我们联系商议还款计划。`,
  }),
  'final-notice': (f) => ({
    subject: `最后还款通知（账户${f.accountRef}）`,
    body: `${f.debtorName}您好：

经我们多次通知，您在${f.creditorName}的账户${f.accountRef}于${f.pastDueSince}到期的还款已逾期${f.daysPastDue}天，逾期金额${f.pastDueAmount}仍未归还，账户待还总额为${f.balance}。这是我们的最后通知，此后我们将考虑依法采取进一步催收措施。

请于${f.payBy}前归还逾期款项或与我们联系。`,
  }),
};

const DAY_MS = 86_400_000;

function validationNotice(facts: CaseFacts & { itemization: Itemization }): RenderedLetter {
  const { itemization: item } = facts;
  const money = (minor: number) => formatMoney(minor, facts.currency, 'en');
  const date = (isoDate: string) => formatCalendarDate(isoDate, 'en');
  const total = item.amountOnItemizationDate + item.interest + item.fees - item.paymentsAndCredits;
  if (total !== facts.balance) {
    throw new RangeError(`itemization adds up to ${total}, not the balance ${facts.balance} (minor units)`);
  }
  if (Date.parse(item.disputeBy) - Date.parse(facts.letterDate) < 30 * DAY_MS) {
    throw new RangeError(`dispute window ends ${item.disputeBy}, less than 30 days after the letter date ${facts.letterDate}`);
  }
  const line = (label: string, amount: string) => `${label.padEnd(58)}${amount}`;
  const disputeBy = date(item.disputeBy);
  return {
    subject: `Notice about your debt: account ${facts.accountRef}`,
    body: `${date(facts.letterDate)}

Dear ${facts.debtorName},

${item.collectorName} is a debt collector. We are trying to collect a debt that you owe to ${facts.creditorName}. We will use any information you give us to help collect the debt.

Our information shows:
You had an account with ${facts.creditorName} with account number ${facts.accountRef}.

${line(`As of ${date(item.itemizationDate)}, you owed:`, money(item.amountOnItemizationDate))}
Between ${date(item.itemizationDate)} and today:
${line('  You were charged this amount in interest:', `+ ${money(item.interest)}`)}
${line('  You were charged this amount in fees:', `+ ${money(item.fees)}`)}
${line('  You paid or were credited this amount toward the debt:', `- ${money(item.paymentsAndCredits)}`)}
${line('Total amount of the debt now:', money(facts.balance))}

How can you dispute the debt?
You have 30 days after you receive this notice, until ${disputeBy}, to dispute all or part of the debt.
- Call or write to us by ${disputeBy} to dispute all or part of the debt. If you do not, we will assume that our information is correct.
- If you write to us by ${disputeBy}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt.

What else can you do?
- Write to ask for the name and address of the original creditor, if different from the current creditor. If you write by ${disputeBy}, we must stop collection until we send you that information.
- Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.`,
  };
}

export function renderLetter(facts: LetterFacts): RenderedLetter {
  if (facts.letterType === 'validation-notice') return validationNotice(facts);
  const money = (minorUnits: number) => formatMoney(minorUnits, facts.currency, facts.locale);
  const date = (isoDate: string) => formatCalendarDate(isoDate, facts.locale);
  const formatted: Formatted = {
    letterDate: date(facts.letterDate),
    debtorName: facts.debtorName,
    creditorName: facts.creditorName,
    accountRef: facts.accountRef,
    balance: money(facts.balance),
    currency: facts.currency,
    daysPastDue: String(facts.daysPastDue),
    overdueFor: daysInWords(facts.daysPastDue),
    pastDueAmount: money(facts.pastDueAmount),
    pastDueSince: date(facts.pastDueSince),
    payBy: date(facts.payBy),
  };
  const letter = (facts.locale === 'en' ? english : chinese)[facts.letterType](formatted);
  return { subject: letter.subject, body: `${formatted.letterDate}\n\n${letter.body}\n\n${facts.creditorName}` };
}
