import { LetterHttpClient } from '../../src/integrations/letter/client';
import { formatMoney, renderLetter, type LetterFacts } from '../../src/integrations/letter/render';
import type { LetterSendRequest } from '../../src/integrations/letter/types';
import { providerError, startHarness, type Harness } from './harness';

const facts = {
  letterDate: '2025-03-01',
  debtorName: 'Alex Doe',
  creditorName: 'Example Bank',
  accountRef: 'ending 4821',
  amountDue: 123_456,
  currency: 'USD',
  daysPastDue: 45,
};

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

  test('a demand letter states the amount, DPD and creditor', () => {
    const letter = renderLetter({ ...facts, letterType: 'demand', locale: 'en', payBy: '2025-03-15' });

    expect(letter.subject).toBe('Demand for payment: account ending 4821');
    expect(letter.body).toContain('is 45 days past due. The amount now due is $1,234.56.');
    expect(letter.body).toContain('by March 15, 2025');
    expect(letter.body).toContain('Example Bank');
  });

  test('reminder and final notice render in Chinese', () => {
    const zh = { ...facts, currency: 'CNY', locale: 'zh-CN', payBy: '2025-03-15' } as const;

    expect(renderLetter({ ...zh, letterType: 'reminder' }).body).toContain('¥1,234.56的款项已逾期45天，请于2025年3月15日前还款');
    expect(renderLetter({ ...zh, letterType: 'final-notice' }).subject).toBe('最后还款通知（账户ending 4821）');
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

  test('refuses an itemization that does not add up to the amount due', () => {
    const wrong = { ...validationNotice, amountDue: 100 };
    expect(() => renderLetter(wrong)).toThrow('itemization adds up to 123456, not the amount due 100');
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
