// Amounts in the debtor pages' form fields, and an amount the debtor types, read
// back into minor units of the currency. Amounts and dates as text are
// src/domain/formatting.ts, as in every message.
/** Digits after the decimal point in the currency (2 for CNY and USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
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
