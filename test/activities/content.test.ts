// What the debtor reads, from an action and the loan book: the SMS variables as
// the provider fills them, and the letters, in both locales and several zones.
import { letterContent, NothingPastDueError, smsContent, type BookedDebtor } from '../../src/activities/content';
import { pastDueOn, type ActionRequest, type Debtor, type Installment } from '../../src/domain';
import { renderSms } from '../../src/integrations/sms/templates';
import { TEST_LENDER } from '../support/channels';

const debtorIn = (timeZone: string, locale: Debtor['locale'], country: string): Debtor => ({ debtorRef: 'debtor-LN000001', timeZone, country, locale });

/** 10:00 in New York on 2 February 2027: business day 2027-02-02. */
const AT_MS = Date.parse('2027-02-02T15:00:00Z');

/** One installment of 1,000.00 due on 1 February 2027, one day late at AT_MS, and the rest of the 3,000.00 balance due later. */
const installments: Installment[] = [
  { seq: 1, dueDate: '2027-02-01', amountDue: 100_000, amountPaid: 0 },
  { seq: 2, dueDate: '2028-02-01', amountDue: 200_000, amountPaid: 0 },
];
const booked: BookedDebtor = { name: 'Alex Morgan', installments };

function action(debtor: Debtor, overrides: Partial<ActionRequest> = {}): ActionRequest {
  return {
    caseId: 'case-LN000001',
    loanId: 'LN000001',
    seq: 1,
    idempotencyKey: 'case-LN000001:1',
    step: 'dpd1-reminder',
    channel: 'sms',
    template: 'payment-reminder',
    debtor,
    balance: 300_000,
    currency: debtor.locale === 'en' ? 'USD' : 'CNY',
    daysPastDue: 1,
    atMs: AT_MS,
    timeBarred: false,
    disputed: false,
    ceaseContact: false,
    ...overrides,
  };
}

const smsText = (request: ActionRequest, debtor: BookedDebtor = booked) => {
  const { templateId, variables } = smsContent(request, debtor, TEST_LENDER);
  return renderSms(templateId, request.debtor.locale, variables);
};

const newYork = debtorIn('America/New_York', 'en', 'US');
const shanghai = debtorIn('Asia/Shanghai', 'zh-CN', 'CN');

describe('the due date in an SMS', () => {
  test.each([
    ['America/New_York', 'en', 'US', 'Feb 1, 2027'],
    ['Pacific/Honolulu', 'en', 'US', 'Feb 1, 2027'],
    ['Asia/Shanghai', 'zh-CN', 'CN', '2027年2月1日'],
    ['America/New_York', 'zh-CN', 'US', '2027年2月1日'],
    ['Pacific/Honolulu', 'zh-CN', 'US', '2027年2月1日'],
    ['Asia/Shanghai', 'en', 'CN', 'Feb 1, 2027'],
  ] as const)('is the calendar date 2027-02-01 for a debtor in %s writing %s', (timeZone, locale, country, written) => {
    expect(smsText(action(debtorIn(timeZone, locale, country)))).toContain(written);
  });

  test('and the deadline is the calendar day 14 days after the business day, as the letter says', () => {
    const { variables } = smsContent(action(debtorIn('Pacific/Honolulu', 'en', 'US'), { template: 'final-notice' }), booked, TEST_LENDER);
    expect(variables.deadline).toBe('Feb 16, 2027');
  });
});

describe('what is past due', () => {
  test('sums what is unpaid of the installments due before the business day, from the oldest unpaid due date', () => {
    const book: Installment[] = [
      { seq: 1, dueDate: '2026-12-01', amountDue: 100_000, amountPaid: 100_000 },
      { seq: 2, dueDate: '2027-01-01', amountDue: 100_000, amountPaid: 40_000 },
      { seq: 3, dueDate: '2027-02-01', amountDue: 100_000, amountPaid: 0 },
      // Due on the business day itself: not late yet.
      { seq: 4, dueDate: '2027-02-02', amountDue: 100_000, amountPaid: 0 },
      { seq: 5, dueDate: '2027-03-01', amountDue: 100_000, amountPaid: 0 },
    ];
    expect(pastDueOn(book, AT_MS)).toEqual({ amount: 160_000, since: '2027-01-01', daysPastDue: 32 });
  });

  test('is nothing when every installment due before the business day is paid', () => {
    expect(pastDueOn([{ seq: 1, dueDate: '2027-02-01', amountDue: 100_000, amountPaid: 100_000 }], AT_MS)).toBeUndefined();
    expect(pastDueOn([{ seq: 1, dueDate: '2027-02-02', amountDue: 100_000, amountPaid: 0 }], AT_MS)).toBeUndefined();
  });
});

describe('the DPD-1 reminder SMS', () => {
  test('says the payment is past due, with the amount past due and the balance apart, in English', () => {
    expect(smsText(action(newYork))).toBe(
      'Test Lender: Hi Alex Morgan, your payment due on Feb 1, 2027 is past due. Amount past due: $1,000.00. Total balance: $3,000.00. Please pay soon. Reply STOP to opt out.',
    );
  });

  test('says the payment is past due, with the amount past due and the balance apart, in Chinese', () => {
    expect(smsText(action(shanghai))).toBe(
      '【Test Lender】Alex Morgan您好，您于2027年2月1日到期的还款已逾期，逾期金额¥1,000.00，待还总额¥3,000.00，请尽快还款。回复TD退订',
    );
  });
});

describe('the overdue notice SMS', () => {
  const dpd7 = { template: 'overdue-notice', step: 'dpd7-reminder-and-call', daysPastDue: 7, atMs: Date.parse('2027-02-08T15:00:00Z') };

  test('quotes the amount 7 days past due, not the balance, and the balance apart, in both locales', () => {
    expect(smsText(action(newYork, dpd7))).toContain(
      'your payment due on Feb 1, 2027 is 7 days past due. Amount past due: $1,000.00. Total balance: $3,000.00.',
    );
    expect(smsText(action(shanghai, dpd7))).toContain('您于2027年2月1日到期的还款已逾期7天，逾期金额¥1,000.00，待还总额¥3,000.00');
  });
});

describe('letters', () => {
  const letterBody = (request: ActionRequest) => letterContent({ ...request, channel: 'letter' }, booked, TEST_LENDER).rendered.body;

  test('a reminder falling back to a letter says what is past due since the calendar due date, and the balance apart, in English', () => {
    const body = letterBody(action(newYork));
    expect(body).toContain('your payment on account ending 0001, due on February 1, 2027, is 1 day past due.');
    expect(body).toContain('Amount past due: $1,000.00\nTotal balance of the account: $3,000.00');
    expect(body).toContain('Please pay the amount past due by February 16, 2027.');
  });

  test('an overdue notice as a letter does the same in Chinese', () => {
    const body = letterBody(action(shanghai, { template: 'overdue-notice', daysPastDue: 7, atMs: Date.parse('2027-02-08T02:00:00Z') }));
    expect(body).toContain('于2027年2月1日到期的还款已逾期7天。\n\n逾期金额：¥1,000.00\n账户待还总额：¥3,000.00');
  });

  test('a demand letter to a debtor in Honolulu asks for the amount past due, not the balance', () => {
    const body = letterBody(action(debtorIn('Pacific/Honolulu', 'en', 'US'), { template: 'demand-letter-1', daysPastDue: 15, atMs: Date.parse('2027-02-16T20:00:00Z') }));
    expect(body).toContain('due on February 1, 2027, is 15 days past due. The amount past due is $1,000.00; the total balance of the account is $3,000.00.');
  });
});

describe('when the loan book shows nothing past due', () => {
  const paid: BookedDebtor = { name: 'Alex Morgan', installments: [{ ...installments[0], amountPaid: 100_000 }, installments[1]] };

  test('no SMS or letter asks for money, and the error names the loan, not the debtor', () => {
    const sms = () => smsContent(action(newYork), paid, TEST_LENDER);
    expect(sms).toThrow(NothingPastDueError);
    expect(sms).toThrow('the loan book shows nothing past due on loan LN000001 on 2027-02-02');
    expect(sms).not.toThrow(/Alex|Morgan/);
    expect(() => letterContent(action(newYork, { channel: 'letter' }), paid, TEST_LENDER)).toThrow(NothingPastDueError);
  });

  test('the validation notice still goes: it is about the debt, not about a late payment', () => {
    const { letterType, rendered } = letterContent(action(newYork, { channel: 'letter', template: 'validation-notice' }), paid, TEST_LENDER);
    expect(letterType).toBe('validation-notice');
    expect(rendered.body).toMatch(/Total amount of the debt now: +\$3,000\.00/);
  });
});
