// Money and calendar days as the debtor's language writes them: the letters, the
// messages, the call scripts and the debtor pages all state amounts and dates
// through these, so they read the same everywhere. Pure: Intl only.
import type { Locale } from './loan';

// Intl formatters take a while to build and every message formats a few amounts and dates: built once per kind.
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMoney(minorUnits: number, currency: string, locale: Locale): string {
  const key = `${locale}|${currency}`;
  let money = moneyFormats.get(key);
  if (!money) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    money = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormats.set(key, money);
  }
  return money.format.format(minorUnits / 10 ** money.digits);
}

/**
 * A calendar date 'YYYY-MM-DD' as the locale writes it. The date names a day, not
 * an instant, so it is formatted in UTC, where its midnight falls on that day:
 * formatted in the debtor's zone, it reads a day early west of Greenwich.
 */
export function formatCalendarDate(isoDate: string, locale: Locale, dateStyle: 'medium' | 'long' = 'long'): string {
  const key = `${locale}|${dateStyle}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(new Date(`${isoDate}T00:00:00Z`));
}
