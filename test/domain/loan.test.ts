import { loanSchema, type Loan } from '../../src/domain';

const loan: Loan = {
  loanId: 'L-1001',
  currency: 'CNY',
  principal: 1_200_000,
  outstanding: 950_000,
  installments: [
    { seq: 1, dueDate: '2024-01-15', amountDue: 100_000, amountPaid: 100_000 },
    { seq: 2, dueDate: '2024-02-15', amountDue: 100_000, amountPaid: 20_000 },
  ],
  debtor: { debtorRef: 'd-7f3a', timeZone: 'Asia/Shanghai', country: 'CN', locale: 'zh-CN' },
  product: 'loan',
  lastPaymentDate: '2024-02-10',
  limitationDate: '2027-02-15',
};

const pathsOf = (input: unknown) => loanSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));

describe('loanSchema', () => {
  it('accepts a well-formed loan', () => {
    expect(loanSchema.parse(loan)).toEqual(loan);
  });

  it('rejects PII smuggled in as an extra field', () => {
    expect(pathsOf({ ...loan, debtor: { ...loan.debtor, phone: '+8613800000000' } })).toEqual(['debtor']);
  });

  it.each([
    ['an unknown time zone', { debtor: { ...loan.debtor, timeZone: 'Mars/Olympus' } }, 'debtor.timeZone'],
    ['fractional money', { outstanding: 10.5 }, 'outstanding'],
    ['an impossible date', { limitationDate: '2027-02-30' }, 'limitationDate'],
    ['an impossible restructuring day', { restructuredOn: '2026-02-30' }, 'restructuredOn'],
    ['an unknown product', { product: 'mortgage' }, 'product'],
    ['a lower-case currency', { currency: 'cny' }, 'currency'],
  ])('names the field for %s', (_, change, path) => {
    expect(pathsOf({ ...loan, ...change })).toEqual([path]);
  });

  it('rejects installments out of order', () => {
    const [first, second] = loan.installments;
    expect(pathsOf({ ...loan, installments: [second, first] })).toEqual([
      'installments.1.seq',
      'installments.1.dueDate',
    ]);
  });

  it('rejects an installment paid beyond what was due', () => {
    const [first, second] = loan.installments;
    expect(pathsOf({ ...loan, installments: [first, { ...second, amountPaid: 100_001 }] })).toEqual([
      'installments.1.amountPaid',
    ]);
  });
});
