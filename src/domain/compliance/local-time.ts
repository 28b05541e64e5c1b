// The debtor's wall clock, from an instant and an IANA zone. Uses Intl only (no node: modules,
// no Date.now), so it runs the same in activities and in Temporal's workflow sandbox.

export const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date and time shown by a clock in `timeZone` at `atMs`. */
export function localDateTime(atMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(atMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    // Some ICU versions print midnight as 24 even with h23.
    hour: parts.hour % 24,
    minute: parts.minute,
    second: parts.second,
  };
}

/** `YYYY-MM-DD` of the local date, for grouping contacts by the debtor's calendar day. */
export function localDateKey(atMs: number, timeZone: string): string {
  const { year, month, day } = localDateTime(atMs, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The local wall-clock reading at `atMs`, written as if it were a UTC instant. */
function wallClockMs(atMs: number, timeZone: string): number {
  const l = localDateTime(atMs, timeZone);
  const wholeSeconds = Math.floor(atMs / 1000) * 1000;
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) + (atMs - wholeSeconds);
}

/**
 * The instants at which the local clock on `date` reaches hour:minute, ascending. Normally one;
 * two when the time repeats as clocks fall back; in a spring-forward gap the time never shows,
 * so the answer is the first instant after the gap (the clock has then passed hour:minute).
 */
export function instantsReaching(date: LocalDate, hour: number, minute: number, timeZone: string): number[] {
  const target = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets a day either side bracket any transition on that date.
  const offsets = [target - DAY_MS, target, target + DAY_MS].map((t) => wallClockMs(t, timeZone) - t);
  const candidates = [...new Set(offsets.map((offset) => target - offset))].sort((a, b) => a - b);
  const exact = candidates.filter((t) => wallClockMs(t, timeZone) === target);
  if (exact.length > 0) return exact;

  // Gap: bisect for the first instant whose wall clock reads at or past the target.
  let before = candidates[0];
  let after = candidates[candidates.length - 1];
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (wallClockMs(mid, timeZone) >= target) after = mid;
    else before = mid;
  }
  return [after];
}

/** The first instant at or after `afterMs` when the local clock reaches hour:minute. */
export function nextLocalTime(afterMs: number, timeZone: string, hour: number, minute = 0): number {
  const today = localDateTime(afterMs, timeZone);
  // Two days ahead is enough even when a zone skips a calendar day.
  for (let days = 0; days <= 2; days++) {
    for (const instant of instantsReaching(addDays(today, days), hour, minute, timeZone)) {
      if (instant >= afterMs) return instant;
    }
  }
  throw new RangeError(`no local ${hour}:${minute} in ${timeZone} within two days of ${afterMs}`);
}

/** The first instant on the local day after the one containing `atMs` when the clock reaches hour:minute. */
export function nextLocalDayAt(atMs: number, timeZone: string, hour: number, minute = 0): number {
  return instantsReaching(addDays(localDateTime(atMs, timeZone), 1), hour, minute, timeZone)[0];
}

/** Minutes since local midnight, by the wall clock. */
export function localMinuteOfDay(atMs: number, timeZone: string): number {
  const { hour, minute } = localDateTime(atMs, timeZone);
  return hour * 60 + minute;
}
