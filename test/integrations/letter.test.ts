import { LetterHttpClient } from '../../src/integrations/letter/client';
import { formatCalendarDate, formatMoney } from '../../src/domain/formatting';
import { renderLetter, type LetterFacts } from '../../src/integrations/letter/render';
import type { LetterSendRequest } from '../../src/integrations/letter/types';
import { providerError, startHarness, type Harness } from './harness';

const facts = {
  letterDate: '2025-03-01',
  debtorName: 'Alex Doe',
  creditorName: 'Example Bank',
  accountRef: 'ending 4821',
  balance: 123_456,
  currency: 'USD',
  daysPastDue: 45,
};

/** What a reminder, demand or final notice adds: what is past due, since when, and the day to pay it by. */
const pastDue = { pastDueAmount: 40_000, pastDueSince: '2025-01-15', payBy: '2025-03-15' };

const validationNotice: LetterFacts = {
  ...facts,
  letterType: 'validation-notice',
  locale: 'en',
  itemization: {
    collectorName: 'Arrears Recovery LLC',
    itemizationDate: '2025-01-15',
    amountOnItemizationDate: 120_000,
    interest: 2_456,
    fees: 2_500,
    paymentsAndCredits: 1_500,
    disputeBy: '2025-04-07',
  },
};

describe('renderLetter', () => {
  test('formats minor units with the currency and locale', () => {
    expect(formatMoney(123_456, 'USD', 'en')).toBe('$1,234.56');
    expect(formatMoney(123_456, 'CNY', 'zh-CN')).toBe('¥1,234.56');
    expect(formatMoney(5_000, 'JPY', 'en')).toBe('¥5,000');
  });

  test('formats a calendar date as the day it names, in the locale', () => {
    expect(formatCalendarDate('2027-02-01', 'en')).toBe('February 1, 2027');
    expect(formatCalendarDate('2027-02-01', 'en', 'medium')).toBe('Feb 1, 2027');
    expect(formatCalendarDate('2027-02-01', 'zh-CN')).toBe('2027年2月1日');
    expect(formatCalendarDate('2027-02-01', 'zh-CN', 'medium')).toBe('2027年2月1日');
  });

  test('a demand letter asks for the amount past due, says since when, and states the balance apart', () => {
    const letter = renderLetter({ ...facts, ...pastDue, letterType: 'demand', locale: 'en' });

    expect(letter.subject).toBe('Demand for payment: account ending 4821');
    expect(letter.body).toContain(
      'Your payment on account ending 4821 with Example Bank, due on January 15, 2025, is 45 days past due. ' +
        'The amount past due is $400.00; the total balance of the account is $1,234.56. ' +
        'We ask you to pay the amount past due in full by March 15, 2025.',
    );
  });

  test('a reminder says what is past due and since when, and the balance apart, in English', () => {
    const { body } = renderLetter({ ...facts, ...pastDue, letterType: 'reminder', locale: 'en' });

    expect(body).toContain('your payment on account ending 4821, due on January 15, 2025, is 45 days past due.');
    expect(body).toContain('Amount past due: $400.00\nTotal balance of the account: $1,234.56');
    expect(body).toContain('Please pay the amount past due by March 15, 2025.');
  });

  test('a final notice says the amount past due remains unpaid, and the balance apart, in English', () => {
    const { body } = renderLetter({ ...facts, ...pastDue, letterType: 'final-notice', locale: 'en' });

    expect(body).toContain('due on January 15, 2025, is 45 days past due, and the amount past due, $400.00, remains unpaid.');
    expect(body).toContain('The total balance of the account is $1,234.56.');
  });

  test('reminder, demand and final notice render in Chinese with the amount past due and the balance apart', () => {
    const zh = { ...facts, ...pastDue, currency: 'CNY', locale: 'zh-CN' } as const;

    expect(renderLetter({ ...zh, letterType: 'reminder' }).body).toContain(
      '您在Example Bank的账户ending 4821于2025年1月15日到期的还款已逾期45天。\n\n逾期金额：¥400.00\n账户待还总额：¥1,234.56\n\n请于2025年3月15日前归还逾期款项。',
    );
    expect(renderLetter({ ...zh, letterType: 'demand' }).body).toContain(
      '于2025年1月15日到期的还款已逾期45天，逾期金额为¥400.00，账户待还总额为¥1,234.56。请于2025年3月15日前全额归还逾期款项。',
    );
    const finalNotice = renderLetter({ ...zh, letterType: 'final-notice' });
    expect(finalNotice.subject).toBe('最后还款通知（账户ending 4821）');
    expect(finalNotice.body).toContain('于2025年1月15日到期的还款已逾期45天，逾期金额¥400.00仍未归还，账户待还总额为¥1,234.56。');
  });

  test('the validation notice itemizes the debt and states the 30-day dispute window', () => {
    const { body } = renderLetter(validationNotice);

    expect(body).toContain('Arrears Recovery LLC is a debt collector.');
    expect(body).toMatch(/As of January 15, 2025, you owed: +\$1,200\.00/);
    expect(body).toMatch(/in interest: +\+ \$24\.56/);
    expect(body).toMatch(/in fees: +\+ \$25\.00/);
    expect(body).toMatch(/toward the debt: +- \$15\.00/);
    expect(body).toMatch(/Total amount of the debt now: +\$1,234\.56/);
    expect(body).toContain('You have 30 days after you receive this notice, until April 7, 2025, to dispute all or part of the debt.');
  });

  test('refuses an itemization that does not add up to the balance', () => {
    const wrong = { ...validationNotice, balance: 100 };
    expect(() => renderLetter(wrong)).toThrow('itemization adds up to 123456, not the balance 100');
  });

  test('refuses a dispute window shorter than 30 days', () => {
    const short = { ...validationNotice, itemization: { ...validationNotice.itemization, disputeBy: '2025-03-20' } };
    expect(() => renderLetter(short)).toThrow(/less than 30 days/);
  });
});

describe('LetterHttpClient against the sandbox', () => {
  let harness: Harness;
  let letters: LetterHttpClient;

  beforeAll(async () => {
    harness = await startHarness();
    letters = new LetterHttpClient(harness.endpoint('/letters'));
  });
  afterAll(() => harness.close());

  const send = (idempotencyKey: string): LetterSendRequest => ({
    idempotencyKey,
    recipient: { name: 'Alex Doe', addressLines: ['1 Main St', 'Springfield, IL 62701'], country: 'US' },
    letterType: 'validation-notice',
    rendered: renderLetter(validationNotice),
  });

  test('mails a rendered letter once per key, and the status moves on each poll', async () => {
    const accepted = await letters.send(send('case-L1:1'));
    expect(await letters.send(send('case-L1:1'))).toEqual(accepted);
    expect(await harness.sentCount('letter')).toBe(1);

    const statuses = [];
    for (let poll = 0; poll < 3; poll++) statuses.push((await letters.getStatus(accepted.trackingId)).status);
    expect(statuses).toEqual(['printed', 'mailed', 'mailed']);
  });

  test('an invalid address is a non-retryable 400 naming the field', async () => {
    const request = send('case-L1:2');
    request.recipient.country = 'USA';
    const err = await providerError(letters.send(request));

    expect(err).toMatchObject({ status: 400, code: 'INVALID_REQUEST', retryable: false });
  });
});
