// Amounts and dates on the debtor pages, as the debtor's language writes them;
// and an amount the debtor types, read back into minor units of the currency.
import type { DebtorLanguage } from './page';

const LOCALE_TAGS: Record<DebtorLanguage, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };

/** Digits after the decimal point in the currency (2 for CNY and USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as the language writes money: ¥1,000.00 in Chinese, CN¥1,000.00 in English. */
export function formatMoney(lang: DebtorLanguage, currency: string, minor: number): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(LOCALE_TAGS[lang], { style: 'currency', currency, minimumFractionDigits: digits }).format(minor / 10 ** digits);
}

/** Minor units as a plain number for a form field: 1000.00. */
export function amountField(currency: string, minor: number): string {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** What the debtor typed (1,000.5 or 1000.50), in minor units; undefined when it is not an amount of the currency. */
export function parseAmount(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const cleaned = text.replace(/[\s,，]/g, '');
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[2] ?? '').length > digits) return undefined;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
}

/** A calendar day 'YYYY-MM-DD' as the language writes it: 2026年12月5日, December 5, 2026. */
export function formatDay(lang: DebtorLanguage, day: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
