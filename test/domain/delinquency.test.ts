import {
  applyPayment,
  BUCKETS,
  bucketFor,
  calendarDaysSince,
  DAY_MS,
  daysPastDue,
  dueDateToMs,
  msUntilDpd,
  type Installment,
} from '../../src/domain';

const at = (isoDateTime: string) => Date.parse(isoDateTime);

const schedule: Installment[] = [
  { seq: 1, dueDate: '2024-01-15', amountDue: 10_000, amountPaid: 0 },
  { seq: 2, dueDate: '2024-02-15', amountDue: 10_000, amountPaid: 0 },
  { seq: 3, dueDate: '2024-03-15', amountDue: 10_000, amountPaid: 0 },
];

describe('dueDateToMs', () => {
  it('is UTC midnight of the date', () => {
    expect(dueDateToMs('2024-01-15')).toBe(at('2024-01-15T00:00:00Z'));
  });

  it.each(['2024-02-30', '2024-13-01', '15/01/2024', '2024-1-5'])('rejects %s', (bad) => {
    expect(() => dueDateToMs(bad)).toThrow(RangeError);
  });
});

describe('daysPastDue', () => {
  it('is 0 on the due date, up to its last UTC millisecond', () => {
    expect(daysPastDue(schedule, at('2024-01-15T00:00:00Z'))).toBe(0);
    expect(daysPastDue(schedule, at('2024-01-15T23:59:59.999Z'))).toBe(0);
  });

  it('is 1 the day after the due date', () => {
    expect(daysPastDue(schedule, at('2024-01-16T00:00:00Z'))).toBe(1);
  });

  it('is 0 before the first due date', () => {
    expect(daysPastDue(schedule, at('2024-01-01T12:00:00Z'))).toBe(0);
  });

  it('counts from the oldest unpaid installment', () => {
    expect(daysPastDue(schedule, at('2024-02-20T08:00:00Z'))).toBe(36);
  });

  it('keeps counting when the oldest installment is only partly paid', () => {
    const partly = applyPayment(schedule, 9_999).installments;
    expect(daysPastDue(partly, at('2024-02-20T08:00:00Z'))).toBe(36);
  });

  it('moves to the next unpaid due date when the oldest is cleared', () => {
    const cleared = applyPayment(schedule, 10_000).installments;
    expect(daysPastDue(cleared, at('2024-02-20T08:00:00Z'))).toBe(5);
  });

  it('is 0 when everything is paid', () => {
    const paid = applyPayment(schedule, 30_000).installments;
    expect(daysPastDue(paid, at('2025-01-01T00:00:00Z'))).toBe(0);
  });

  it('orders by due date, not by position in the array', () => {
    expect(daysPastDue([...schedule].reverse(), at('2024-01-20T00:00:00Z'))).toBe(5);
  });
});

describe('calendarDaysSince', () => {
  it('is negative for a future date', () => {
    expect(calendarDaysSince('2024-01-15', at('2024-01-13T23:00:00Z'))).toBe(-2);
  });
});

describe('msUntilDpd', () => {
  it('is the UTC midnight at which the case reaches the DPD', () => {
    const when = msUntilDpd(schedule, 30)!;
    expect(when).toBe(at('2024-02-14T00:00:00Z'));
    expect(daysPastDue(schedule, when - 1)).toBe(29);
    expect(daysPastDue(schedule, when)).toBe(30);
  });

  it('moves with the oldest unpaid installment after a payment', () => {
    const cleared = applyPayment(schedule, 10_000).installments;
    expect(msUntilDpd(cleared, 1)).toBe(dueDateToMs('2024-02-15') + DAY_MS);
  });

  it('is undefined when nothing is owed', () => {
    expect(msUntilDpd(applyPayment(schedule, 30_000).installments, 1)).toBeUndefined();
  });

  it('rejects a fractional DPD', () => {
    expect(() => msUntilDpd(schedule, 1.5)).toThrow(RangeError);
  });
});

describe('applyPayment', () => {
  it('pays the oldest installments first and returns no surplus when the payment fits', () => {
    const { installments, surplus } = applyPayment(schedule, 15_000);
    expect(installments.map((i) => i.amountPaid)).toEqual([10_000, 5_000, 0]);
    expect(surplus).toBe(0);
  });

  it('tops up a partly paid installment before touching the next', () => {
    const partly = applyPayment(schedule, 4_000).installments;
    expect(applyPayment(partly, 7_000).installments.map((i) => i.amountPaid)).toEqual([10_000, 1_000, 0]);
  });

  it('returns the surplus beyond everything owed', () => {
    const { installments, surplus } = applyPayment(schedule, 31_234);
    expect(installments.every((i) => i.amountPaid === i.amountDue)).toBe(true);
    expect(surplus).toBe(1_234);
  });

  it('keeps the input order and leaves the input untouched', () => {
    const reversed = [...schedule].reverse();
    const { installments } = applyPayment(reversed, 10_000);
    expect(installments.map((i) => [i.seq, i.amountPaid])).toEqual([
      [3, 0],
      [2, 0],
      [1, 10_000],
    ]);
    expect(reversed[2].amountPaid).toBe(0);
  });

  it.each([-1, 10.5, NaN])('rejects a payment of %p', (amount) => {
    expect(() => applyPayment(schedule, amount)).toThrow(RangeError);
  });
});

describe('buckets', () => {
  it.each([
    [0, 'M0'],
    [1, 'M1'],
    [30, 'M1'],
    [31, 'M2'],
    [60, 'M2'],
    [61, 'M3'],
    [90, 'M3'],
    [91, 'M4'],
    [120, 'M4'],
    [121, 'M5'],
    [150, 'M5'],
    [151, 'M6'],
    [180, 'M6'],
    [181, 'M7+'],
    [5_000, 'M7+'],
  ])('DPD %i is %s', (dpd, name) => {
    expect(bucketFor(dpd).name).toBe(name);
  });

  it('covers every DPD exactly once', () => {
    for (let dpd = 0; dpd <= 400; dpd++) {
      const holding = BUCKETS.filter((b) => dpd >= b.minDpd && (!('maxDpd' in b) || dpd <= b.maxDpd));
      expect(holding).toHaveLength(1);
    }
  });

  it.each([-1, 2.5])('rejects DPD %p', (dpd) => {
    expect(() => bucketFor(dpd)).toThrow(RangeError);
  });
});
