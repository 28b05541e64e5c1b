import { localDateKey, localDateTime, nextLocalDayAt, nextLocalTime } from '../../src/domain/compliance';

const NY = 'America/New_York';
const SHANGHAI = 'Asia/Shanghai';
const utc = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('localDateTime', () => {
  it('reads the wall clock in the debtor zone', () => {
    expect(localDateTime(utc(2024, 1, 15, 15), SHANGHAI)).toEqual({
      year: 2024, month: 1, day: 15, hour: 23, minute: 0, second: 0,
    });
    expect(localDateTime(utc(2024, 1, 15, 15), NY).hour).toBe(10); // EST, UTC-5
    expect(localDateTime(utc(2024, 7, 15, 15), NY).hour).toBe(11); // EDT, UTC-4
  });

  it('reports midnight as hour 0 and dates by the local calendar', () => {
    expect(localDateTime(utc(2024, 1, 15, 16), SHANGHAI).hour).toBe(0);
    expect(localDateKey(utc(2024, 1, 15, 16), SHANGHAI)).toBe('2024-01-16');
    expect(localDateKey(utc(2024, 1, 16, 2), NY)).toBe('2024-01-15');
  });
});

describe('nextLocalTime', () => {
  it('returns later the same day, the next day, or now when the clock shows it', () => {
    expect(nextLocalTime(utc(2024, 1, 15, 23), SHANGHAI, 8)).toBe(utc(2024, 1, 16, 0)); // 07:00 → 08:00
    expect(nextLocalTime(utc(2024, 1, 15, 15), SHANGHAI, 8)).toBe(utc(2024, 1, 16, 0)); // 23:00 → 08:00
    expect(nextLocalTime(utc(2024, 1, 16, 0), SHANGHAI, 8)).toBe(utc(2024, 1, 16, 0));
    expect(nextLocalTime(utc(2024, 1, 16, 0, 1), SHANGHAI, 8)).toBe(utc(2024, 1, 17, 0));
  });

  it('uses the new offset after New York springs forward (2024-03-10)', () => {
    // 23:00 EST on the 9th; 08:00 on the 10th is EDT, 12:00Z not 13:00Z.
    expect(nextLocalTime(utc(2024, 3, 10, 4), NY, 8)).toBe(utc(2024, 3, 10, 12));
  });

  it('uses the new offset after New York falls back (2024-11-03)', () => {
    // 23:00 EDT on the 2nd; 08:00 on the 3rd is EST, 13:00Z not 12:00Z.
    expect(nextLocalTime(utc(2024, 11, 3, 3), NY, 8)).toBe(utc(2024, 11, 3, 13));
  });

  it('answers the end of the gap for a time skipped by spring-forward', () => {
    // 02:30 never shows on 2024-03-10; the clock passes it at 03:00 EDT = 07:00Z.
    const at = nextLocalTime(utc(2024, 3, 10, 5), NY, 2, 30);
    expect(at).toBe(utc(2024, 3, 10, 7));
    expect(localDateTime(at, NY)).toMatchObject({ day: 10, hour: 3, minute: 0 });
  });

  it('finds both occurrences of a time repeated by fall-back', () => {
    expect(nextLocalTime(utc(2024, 11, 3, 4), NY, 1, 30)).toBe(utc(2024, 11, 3, 5, 30)); // 01:30 EDT
    expect(nextLocalTime(utc(2024, 11, 3, 5, 45), NY, 1, 30)).toBe(utc(2024, 11, 3, 6, 30)); // 01:30 EST
  });
});

describe('nextLocalDayAt', () => {
  it('goes to the next local calendar day, across a DST change', () => {
    expect(nextLocalDayAt(utc(2024, 3, 9, 15), NY, 8)).toBe(utc(2024, 3, 10, 12));
    expect(nextLocalDayAt(utc(2024, 1, 15, 15, 59), SHANGHAI, 8)).toBe(utc(2024, 1, 16, 0));
  });
});
