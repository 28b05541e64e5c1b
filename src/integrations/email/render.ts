// Renders the collection e-mail from case facts, in the debtor's language, as a
// text body and an HTML body from the same paragraphs. The subject is neutral:
// an inbox list or a shared screen shows it, so it never names the debt. The
// body says what is past due and since when, the whole balance apart, and
// carries the payment page's link and the one-click opt-out (Reg F § 1006.6(e)).
import { daysInWords } from '../../domain/delinquency';
import type { Locale } from '../../domain/loan';
import { formatCalendarDate, formatMoney } from '../../domain/formatting';

export interface EmailFacts {
  locale: Locale;
  debtorName: string;
  creditorName: string;
  /** The number debtors are asked to call. */
  creditorPhone: string;
  /** Minor units of currency. */
  pastDueAmount: number;
  balance: number;
  currency: string;
  /** The oldest unpaid due date, YYYY-MM-DD. */
  pastDueSince: string;
  daysPastDue: number;
  /** The day to pay the amount past due by, YYYY-MM-DD. */
  payBy: string;
  payUrl: string;
  optOutUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph is text (a newline breaks the line) and links, which the text body prints as their URL. */
type Segment = string | { href: string; label: string };
type Paragraph = Segment[];

type Formatted = Omit<EmailFacts, 'pastDueAmount' | 'balance' | 'pastDueSince' | 'payBy' | 'daysPastDue'> & {
  pastDueAmount: string;
  balance: string;
  pastDueSince: string;
  payBy: string;
  daysPastDue: number;
};

const wording: Record<Locale, (f: Formatted) => { subject: string; paragraphs: Paragraph[] }> = {
  en: (f) => ({
    subject: `A message from ${f.creditorName} about your account`,
    paragraphs: [
      [`Dear ${f.debtorName},`],
      [`Your payment to ${f.creditorName}, due on ${f.pastDueSince}, is ${daysInWords(f.daysPastDue)} past due.`],
      [`Amount past due: ${f.pastDueAmount}\nTotal balance: ${f.balance}`],
      [`Please pay the amount past due by ${f.payBy}. You can pay, or promise to pay by a date, on your payment page: `, { href: f.payUrl, label: 'Pay or promise to pay' }],
      [`If you have already paid, please disregard this message. Questions? Call us on ${f.creditorPhone}.`],
      ['To stop receiving e-mails from us, opt out here: ', { href: f.optOutUrl, label: 'Unsubscribe' }],
    ],
  }),
  'zh-CN': (f) => ({
    subject: `${f.creditorName}：关于您账户的消息`,
    paragraphs: [
      [`${f.debtorName}您好：`],
      [`您在${f.creditorName}于${f.pastDueSince}到期的还款已逾期${f.daysPastDue}天。`],
      [`逾期金额：${f.pastDueAmount}\n待还总额：${f.balance}`],
      [`请于${f.payBy}前归还逾期款项。您可以在还款页面还款或承诺还款日期：`, { href: f.payUrl, label: '还款或承诺还款' }],
      [`如您已还款，请忽略本邮件。如有疑问，请致电${f.creditorPhone}。`],
      ['如不希望再收到我们的邮件，请点击退订：', { href: f.optOutUrl, label: '退订' }],
    ],
  }),
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

function textOf(paragraphs: Paragraph[]): string {
  return `${paragraphs.map((segments) => segments.map((segment) => (typeof segment === 'string' ? segment : segment.href)).join('')).join('\n\n')}\n`;
}

function htmlOf(subject: string, locale: Locale, paragraphs: Paragraph[]): string {
  const body = paragraphs
    .map((segments) => {
      const inner = segments
        .map((segment) => (typeof segment === 'string' ? escape(segment).replace(/\n/g, '<br>') : `<a href="${escape(segment.href)}">${escape(segment.label)}</a>`))
        .join('');
      return `<p>${inner}</p>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escape(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
${body}
</body>
</html>
`;
}

export function renderEmail(facts: EmailFacts): RenderedEmail {
  const { locale } = facts;
  const money = (minorUnits: number) => formatMoney(minorUnits, facts.currency, locale);
  const date = (day: string) => formatCalendarDate(day, locale, 'medium');
  const { subject, paragraphs } = wording[locale]({
    ...facts,
    pastDueAmount: money(facts.pastDueAmount),
    balance: money(facts.balance),
    pastDueSince: date(facts.pastDueSince),
    payBy: date(facts.payBy),
  });
  return { subject, text: textOf(paragraphs), html: htmlOf(subject, locale, paragraphs) };
}
