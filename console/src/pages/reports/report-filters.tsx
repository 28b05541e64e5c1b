// What the report pages share: the link back to the index, the days (and
// filters) form whose values live in the URL's query, and the CSV download of
// the report as shown.
import { type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { followLink, navigate, pathWithQuery, useLocation } from '../../router';

export function BackToReports() {
  const { t } = useI18n();
  return (
    <p>
      <a href="/console/reports" onClick={(event) => followLink(event, '/reports')}>
        {t('reports.back')}
      </a>
    </p>
  );
}

export interface Choice {
  name: string;
  label: string;
  options: readonly string[];
}

/** The query the page was opened with, for the fields named; empty ones left out. */
export function useReportQuery(names: readonly string[]): Record<string, string | undefined> {
  const { query } = useLocation();
  return Object.fromEntries(names.map((name) => [name, query.get(name) || undefined]));
}

/** From and to days, and the choices given; Show puts them in the URL. */
export function ReportFilters({ path, values, choices = [] }: { path: string; values: Record<string, string | undefined>; choices?: Choice[] }) {
  const { t } = useI18n();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    navigate(pathWithQuery(path, Object.fromEntries([...form.entries()].map(([key, value]) => [key, String(value)]))));
  };
  return (
    <form className="filters" onSubmit={submit}>
      <label>
        {t('reports.from')} <input type="date" name="from" defaultValue={values.from} />
      </label>
      <label>
        {t('reports.to')} <input type="date" name="to" defaultValue={values.to} />
      </label>
      {choices.map((choice) => (
        <label key={choice.name}>
          {choice.label}{' '}
          <select name={choice.name} defaultValue={values[choice.name] ?? ''}>
            <option value="">{t('common.any')}</option>
            {choice.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit">{t('reports.show')}</button>
    </form>
  );
}

/** The report's CSV, with the query shown: the API answers it as a file. */
export function CsvLink({ apiPath, values }: { apiPath: string; values: Record<string, string | undefined> }) {
  const { t } = useI18n();
  const search = new URLSearchParams(Object.entries({ ...values, format: 'csv' }).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return (
    <p>
      <a href={`${apiPath}?${search}`} download>
        {t('reports.csv')}
      </a>
    </p>
  );
}

/** A cell's background by its share of the row: white at none, the theme's blue at all. Text stays dark enough to read on it. */
export function heat(share: number | null): string | undefined {
  if (!share) return undefined;
  const lightness = Math.round(97 - share * 27);
  return `hsl(210 70% ${lightness}%)`;
}

export function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <BackToReports />
      <h1>{title}</h1>
      {children}
    </section>
  );
}
