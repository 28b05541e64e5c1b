// What the agent says on a call or at the door: the script for the task's
// template, in the debtor's language, with what is past due on the business day
// it is read. It names the debtor, so only the agent who holds the task gets it
// (work-queue.ts). Every script opens by making sure the agent speaks to the
// debtor and no one else (NIFA: contact only the debtor), and a US debtor hears
// the FDCPA disclosure that the call is an attempt to collect a debt.
import type { DebtorContact } from '../db/loans';
import type { TaskRecord } from '../db/tasks';
import { daysInWords, pastDueOn, type Loan, type Locale } from '../domain';
import { formatCalendarDate, formatMoney } from '../domain/formatting';

/** The words for one task, paragraph by paragraph, in the debtor's language. */
export interface CallScript {
  /** The strategy's template the script is for, or the channel's general script. */
  template: string;
  locale: Locale;
  paragraphs: string[];
}

/** What a script states, formatted for the debtor's locale. */
interface ScriptFacts {
  name: string;
  lender: string;
  pastDue: string;
  since: string;
  daysPastDue: number;
  balance: string;
}

type Lines = (facts: ScriptFacts) => string[];

const GREETING: Record<Locale, Lines> = {
  en: ({ name, lender }) => [
    `Hello, may I speak with ${name}? … Before we go on, please confirm your date of birth so I know I am speaking with you.`,
    `This is [your name] calling from ${lender} about your account.`,
  ],
  'zh-CN': ({ name, lender }) => [`您好，请问是${name}本人吗？……请先核对一下您的出生日期，以确认是您本人接听。`, `我是${lender}的[您的姓名]，来电是关于您的账户。`],
};

const US_DISCLOSURE: Record<Locale, string> = {
  en: 'This is an attempt to collect a debt, and any information obtained will be used for that purpose.',
  'zh-CN': '这是一次债务催收，所获得的任何信息都将用于此目的。',
};

/** The body of each template's script; `phone` and `field-visit` serve templates that have none of their own. */
const BODIES: Record<string, Record<Locale, Lines>> = {
  'courtesy-call': {
    en: ({ pastDue, since }) => [
      `A friendly reminder: the payment of ${pastDue} due on ${since} has not reached us yet. It may simply have been overlooked.`,
      'Could you tell me when you will be able to pay it? If something has made paying harder, tell me and we will look at it together.',
    ],
    'zh-CN': ({ pastDue, since }) => [`温馨提醒：${since}到期的${pastDue}我们还没有收到，可能只是一时疏忽。`, '请问您什么时候可以还款？如果遇到了困难，请告诉我，我们一起想办法。'],
  },
  'collection-call': {
    en: ({ pastDue, since, daysPastDue }) => [
      `Your account is ${daysInWords(daysPastDue)} past due: ${pastDue} has been unpaid since ${since}.`,
      'Can you pay it today, or tell me the amount and the date you can pay? May I ask what has made the payment late?',
    ],
    'zh-CN': ({ pastDue, since, daysPastDue }) => [
      `您的账户已逾期${daysPastDue}天：自${since}起有${pastDue}未还。`,
      '您今天可以还款吗？或者告诉我您能还的金额和日期。方便说一下逾期的原因吗？',
    ],
  },
  'senior-collector-call': {
    en: ({ pastDue, since, daysPastDue, balance }) => [
      `I am a senior collector. Your account is ${daysInWords(daysPastDue)} past due: ${pastDue} has been unpaid since ${since}, and the balance is ${balance}.`,
      'We have written to you about it. I would like to agree today on the amount you will pay and by when, so the account does not go further in collection.',
      'If you believe you do not owe this amount, tell me why and I will record your dispute.',
    ],
    'zh-CN': ({ pastDue, since, daysPastDue, balance }) => [
      `我是高级催收专员。您的账户已逾期${daysPastDue}天：自${since}起有${pastDue}未还，欠款余额为${balance}。`,
      '我们已经致函给您。希望今天能和您约定还款金额和日期，避免账户进入下一步催收。',
      '如果您认为这笔款项有误，请告诉我原因，我会记录您的异议。',
    ],
  },
  'plan-offer': {
    en: ({ pastDue, since, balance }) => [
      `You told us that paying has become hard. ${pastDue} has been unpaid since ${since}; the balance is ${balance}.`,
      'We can spread what is past due over a repayment plan. What could you pay each month, and from when? I will put the plan to you before the account goes further in collection.',
    ],
    'zh-CN': ({ pastDue, since, balance }) => [
      `您之前告诉我们还款遇到了困难。自${since}起有${pastDue}未还，欠款余额为${balance}。`,
      '我们可以为您把逾期款项分期偿还。请问您每月能还多少，从什么时候开始？我会在账户进入下一步催收之前为您制定还款方案。',
    ],
  },
  phone: {
    en: ({ pastDue, since }) => [`${pastDue} has been unpaid since ${since}.`, 'When can you pay it? May I ask what has made the payment late?'],
    'zh-CN': ({ pastDue, since }) => [`自${since}起有${pastDue}未还。`, '请问您什么时候可以还款？方便说一下逾期的原因吗？'],
  },
  'field-visit': {
    en: ({ pastDue, since, daysPastDue, balance }) => [
      'Show your identity card, and speak about the debt only with the debtor, in private.',
      `The account is ${daysInWords(daysPastDue)} past due: ${pastDue} has been unpaid since ${since}; the balance is ${balance}.`,
      'Ask what has made paying hard, and agree on an amount and a date. Never take cash: payments go to the lender\'s account.',
    ],
    'zh-CN': ({ pastDue, since, daysPastDue, balance }) => [
      '出示工作证件，只与债务人本人私下谈论欠款。',
      `该账户已逾期${daysPastDue}天：自${since}起有${pastDue}未还；欠款余额为${balance}。`,
      '了解还款困难的原因，并约定还款金额和日期。不得收取现金：还款一律汇入贷款机构的账户。',
    ],
  },
};

const localeOf = (loan: Loan): Locale => loan.debtor.locale;

/** The script for the task, on the business day of atMs; null for a channel no agent works. */
export function callScriptFor(task: TaskRecord, loan: Loan, contact: DebtorContact, lender: string, atMs: number): CallScript | null {
  const template = task.template && BODIES[task.template] ? task.template : task.channel;
  const body = BODIES[template];
  if (!body) return null;
  const locale = localeOf(loan);
  const money = (minorUnits: number) => formatMoney(minorUnits, loan.currency, locale);
  const pastDue = pastDueOn(loan.installments, atMs);
  const facts: ScriptFacts = {
    name: contact.name ?? (locale === 'en' ? 'the debtor' : '债务人'),
    lender,
    pastDue: money(pastDue?.amount ?? 0),
    since: pastDue ? formatCalendarDate(pastDue.since, locale, 'medium') : '—',
    daysPastDue: pastDue?.daysPastDue ?? 0,
    balance: money(loan.outstanding),
  };
  const opening = task.channel === 'phone' ? GREETING[locale](facts) : [];
  const disclosure = loan.debtor.country === 'US' ? [US_DISCLOSURE[locale]] : [];
  return { template, locale, paragraphs: [...opening, ...disclosure, ...body[locale](facts)] };
}
