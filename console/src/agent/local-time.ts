// Times as the debtor lives them: the compliance guard judges contact hours at
// the debtor's local time, so an agent reads a task's times in the debtor's zone,
// with the zone named. Times are business time, as the API gives them.
import type { Language } from '../i18n';

/** An instant in the debtor's zone, with the zone's short name; in the browser's zone when the debtor's is unknown. */
export function debtorTime(iso: string | null | undefined, timeZone: string | undefined, language: Language): string {
  if (!iso) return '—';
  // dateStyle and timeStyle take no timeZoneName, so the parts are named one by one.
  const format = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone && { timeZone }),
  });
  return format.format(new Date(iso));
}

export { businessDayOf } from '../format';
