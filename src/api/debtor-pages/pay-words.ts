// The payment page's words, in each language the debtor pages speak.
import type { DebtorLanguage } from './page';

export const DECLINE_REASONS = ['card_declined', 'insufficient_funds'] as const;

export const PAGE_REFUSALS = ['amount-invalid', 'amount-too-large', 'date-invalid', 'date-past', 'date-too-far', 'card-invalid', 'choice-invalid'] as const;
export type PageRefusal = (typeof PAGE_REFUSALS)[number];

export interface PayWords {
  title: string;
  pastDue: string;
  balance: string;
  nothingToPay: string;
  payTitle: string;
  payChoice: string;
  payPastDue: string;
  payBalance: string;
  payOther: string;
  otherAmount: string;
  card: string;
  payButton: string;
  promiseTitle: string;
  promiseAmount: string;
  promiseDate: string;
  promiseWindow: (first: string, last: string) => string;
  promiseButton: string;
  promiseOpen: (amount: string, date: string) => string;
  promised: (amount: string, date: string) => string;
  planTitle: string;
  planIntro: (total: string, payments: number) => string;
  planPayment: (seq: number, date: string, amount: string) => string;
  planButton: string;
  planAccepted: string;
  paidTitle: string;
  paid: (amount: string) => string;
  remaining: (amount: string) => string;
  paymentReference: (reference: string) => string;
  declinedTitle: string;
  declined: (amount: string) => string;
  declineReasons: Record<(typeof DECLINE_REASONS)[number] | 'other', string>;
  failed: string;
  processingTitle: string;
  processing: string;
  reload: string;
  unknownPayment: string;
  back: string;
  refusals: Record<PageRefusal, (context: { balance: string; last: string }) => string>;
  commandRefused: string;
}

export const PAY_WORDS: Record<DebtorLanguage, PayWords> = {
  en: {
    title: 'Your payment',
    pastDue: 'Past due now',
    balance: 'Whole balance',
    nothingToPay: 'There is nothing to pay on this account.',
    payTitle: 'Pay now',
    payChoice: 'How much to pay',
    payPastDue: 'The past-due amount',
    payBalance: 'The whole balance',
    payOther: 'Another amount',
    otherAmount: 'Other amount',
    card: 'Card number',
    payButton: 'Pay',
    promiseTitle: 'Promise to pay',
    promiseAmount: 'Amount you will pay',
    promiseDate: 'Pay by (date)',
    promiseWindow: (first, last) => `Choose a date from ${first} to ${last}.`,
    promiseButton: 'Promise to pay',
    promiseOpen: (amount, date) => `You have promised to pay ${amount} by ${date}.`,
    promised: (amount, date) => `Thank you. You promised to pay ${amount} by ${date}.`,
    planTitle: 'Your repayment plan',
    planIntro: (total, payments) => `Your lender offers to let you pay ${total} in ${payments} payments:`,
    planPayment: (seq, date, amount) => `Payment ${seq}: ${amount} by ${date}`,
    planButton: 'Accept the plan',
    planAccepted: 'Thank you. Your repayment plan is active.',
    paidTitle: 'Payment received',
    paid: (amount) => `Thank you. Your payment of ${amount} has been received.`,
    remaining: (amount) => `Balance remaining: ${amount}`,
    paymentReference: (reference) => `Payment reference: ${reference}`,
    declinedTitle: 'Payment declined',
    declined: (amount) => `Your payment of ${amount} was declined.`,
    declineReasons: {
      card_declined: 'The card was declined.',
      insufficient_funds: 'The card has insufficient funds.',
      other: 'The payment provider declined the payment.',
    },
    failed: 'We could not take this payment. Nothing was charged.',
    processingTitle: 'Payment processing',
    processing: 'Your payment is still being processed.',
    reload: 'Reload this page to see the result',
    unknownPayment: 'We have no record of this payment.',
    back: 'Back to your account',
    refusals: {
      'amount-invalid': () => 'Enter an amount greater than zero.',
      'amount-too-large': ({ balance }) => `Enter at most the whole balance, ${balance}.`,
      'date-invalid': () => 'Enter the date you will pay by.',
      'date-past': () => 'That date has passed. Choose today or a later date.',
      'date-too-far': ({ last }) => `Choose a date no later than ${last}.`,
      'card-invalid': () => 'Enter a card number of 12 to 19 digits.',
      'choice-invalid': () => 'Choose how much to pay.',
    },
    commandRefused: 'This could not be recorded now. Please try again later.',
  },
  'zh-CN': {
    title: '您的还款',
    pastDue: '当前逾期金额',
    balance: '全部欠款',
    nothingToPay: '此账户目前没有需要还款的金额。',
    payTitle: '立即还款',
    payChoice: '还款金额',
    payPastDue: '逾期金额',
    payBalance: '全部欠款',
    payOther: '其他金额',
    otherAmount: '其他金额',
    card: '银行卡号',
    payButton: '支付',
    promiseTitle: '承诺还款',
    promiseAmount: '承诺还款金额',
    promiseDate: '还款日期',
    promiseWindow: (first, last) => `请选择${first}至${last}之间的日期。`,
    promiseButton: '提交还款承诺',
    promiseOpen: (amount, date) => `您已承诺于${date}前还款${amount}。`,
    promised: (amount, date) => `谢谢。您已承诺于${date}前还款${amount}。`,
    planTitle: '您的分期还款方案',
    planIntro: (total, payments) => `贷款机构同意您分${payments}期偿还${total}：`,
    planPayment: (seq, date, amount) => `第${seq}期：${date}前还款${amount}`,
    planButton: '接受分期方案',
    planAccepted: '谢谢。您的分期还款方案已生效。',
    paidTitle: '还款成功',
    paid: (amount) => `谢谢。我们已收到您的还款${amount}。`,
    remaining: (amount) => `剩余欠款：${amount}`,
    paymentReference: (reference) => `支付流水号：${reference}`,
    declinedTitle: '支付未成功',
    declined: (amount) => `您的${amount}还款未能支付成功。`,
    declineReasons: {
      card_declined: '银行卡被拒绝。',
      insufficient_funds: '卡内余额不足。',
      other: '支付机构拒绝了此次支付。',
    },
    failed: '无法完成此次支付，未发生扣款。',
    processingTitle: '支付处理中',
    processing: '您的还款仍在处理中。',
    reload: '刷新此页面查看结果',
    unknownPayment: '没有找到这笔还款的记录。',
    back: '返回您的账户',
    refusals: {
      'amount-invalid': () => '请输入大于零的金额。',
      'amount-too-large': ({ balance }) => `金额不能超过全部欠款${balance}。`,
      'date-invalid': () => '请输入还款日期。',
      'date-past': () => '该日期已过，请选择今天或之后的日期。',
      'date-too-far': ({ last }) => `请选择不晚于${last}的日期。`,
      'card-invalid': () => '请输入12至19位的银行卡号。',
      'choice-invalid': () => '请选择还款金额。',
    },
    commandRefused: '暂时无法记录，请稍后再试。',
  },
};
