// Numbers, money and times as the chosen language writes them. Times are
// business time, as the API gives them.
import type { Language } from './i18n';

/** An amount in minor units (fen, cents) in its currency. */
export function money(minorUnits: number, currency: string, language: Language): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

export const count = (value: number, language: Language) => new Intl.NumberFormat(language).format(value);

export const share = (value: number, language: Language) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value);

export function dateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** An ISO instant from a datetime-local input's value (the browser's zone). */
export const instantOfLocalInput = (value: string) => new Date(value).toISOString();

/** The business day (YYYY-MM-DD) of an instant: promise dates are business days, as the API counts them (UTC). */
export const businessDayOf = (iso: string) => iso.slice(0, 10);
