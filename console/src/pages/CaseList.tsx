// The case list from GET /v1/cases: filters, sort and the page cursor live in
// the URL (so a view can be shared), rows link to the case, and the list
// follows its cases by polling while it is on screen. A supervisor selects rows
// of the page for a bulk pause or agency assignment (bulk-actions.tsx).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, errorText } from '../api/client';
import {
  BUCKET_CHOICES,
  CLASSIFICATION_SUGGESTIONS,
  FILTER_NAMES,
  SEGMENT_CHOICES,
  SORT_CHOICES,
  STAGE_CHOICES,
  STATUS_ALL,
  STATUS_CHOICES,
  filtersOf,
  listQueryOf,
  type FilterName,
  type Filters,
} from '../case-filters';
import { money } from '../format';
import { useI18n } from '../i18n';
import { followLink, navigate, pathWithQuery, useLocation } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';
import { BulkActions } from './bulk-actions';

const REFRESH_MS = 5_000;

/** The list's query last shown, so a case's page leads back to the same view. */
export let lastListPath = '/cases';

export function CaseListPage() {
  const { t, language } = useI18n();
  const { has } = useSession();
  const { query } = useLocation();
  const filters = filtersOf(query);
  const view = query.toString();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // A selection is of the page on screen: another filter, sort or page starts afresh.
  useEffect(() => setSelected(new Set()), [view]);
  lastListPath = pathWithQuery('/cases', filters);
  const list = useApi(
    () => api.GET('/v1/cases', { params: { query: listQueryOf(filters) } }).then(({ data, error, response }) => ({ data, error, status: response.status })),
    [filters],
    REFRESH_MS,
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen: Filters = {};
    for (const name of FILTER_NAMES) {
      const value = String(form.get(name) ?? '').trim();
      if (value) chosen[name] = value;
    }
    navigate(pathWithQuery('/cases', chosen));
  }

  const caseHref = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
  const rows = list.data?.cases;
  const selecting = has('supervisor');
  const chosen = rows?.filter((row) => selected.has(row.caseId)).map((row) => row.caseId) ?? [];
  const toggle = (caseId: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });
  const selectPage = (on: boolean) => setSelected(on ? new Set(rows?.map((row) => row.caseId)) : new Set());
  function finished(succeeded: readonly string[]) {
    setSelected((previous) => new Set([...previous].filter((caseId) => !succeeded.includes(caseId))));
    list.reload();
  }
  return (
    <section>
      <h1>{t('cases.title')}</h1>
      <form className="filters" onSubmit={apply} key={query.toString()} aria-label={t('cases.filters')}>
        <FilterSelect
          name="status"
          label={t('cases.status')}
          value={filters.status === 'open' ? '' : filters.status}
          options={[['', t('cases.status.open')], ...STATUS_CHOICES.filter((s) => s !== 'open').map((s): [string, string] => [s, t(`cases.status.${s}`)]), [STATUS_ALL, t('cases.status.all')]]}
          noAny
        />
        <FilterSelect name="bucket" label={t('cases.bucket')} value={filters.bucket} options={BUCKET_CHOICES.map((b) => [b, b])} />
        <FilterSelect name="stage" label={t('cases.stage')} value={filters.stage} options={STAGE_CHOICES.map((s) => [s, s])} />
        <FilterText name="classification" label={t('cases.classification')} value={filters.classification} suggestions={CLASSIFICATION_SUGGESTIONS} />
        <FilterSelect name="segment" label={t('cases.segment')} value={filters.segment} options={SEGMENT_CHOICES.map((s) => [s, s])} />
        <FilterSelect
          name="paused"
          label={t('cases.paused')}
          value={filters.paused}
          options={[
            ['true', t('common.yes')],
            ['false', t('common.no')],
          ]}
        />
        <FilterText name="strategyVersion" label={t('cases.strategyVersion')} value={filters.strategyVersion} pattern="[a-z0-9-]+@\d+" />
        <FilterText name="variant" label={t('cases.variant')} value={filters.variant} />
        <FilterText name="agency" label={t('cases.agency')} value={filters.agency} />
        <FilterNumber name="dpdMin" label={t('cases.dpdMin')} value={filters.dpdMin} />
        <FilterNumber name="dpdMax" label={t('cases.dpdMax')} value={filters.dpdMax} />
        <FilterNumber name="balanceMin" label={t('cases.balanceMin')} value={filters.balanceMin} />
        <FilterNumber name="balanceMax" label={t('cases.balanceMax')} value={filters.balanceMax} />
        <FilterSelect name="sort" label={t('cases.sort')} value={filters.sort} options={SORT_CHOICES.map((s) => [s, t(`cases.sort.${s}`)])} noAny />
        <div className="actions">
          <button type="submit">{t('cases.apply')}</button>
          <a href="/console/cases" onClick={(event) => followLink(event, '/cases')}>
            {t('cases.clear')}
          </a>
        </div>
      </form>
      {selecting && rows && rows.length > 0 && (
        <BulkActions selected={chosen} agencies={[...new Set(rows.flatMap((row) => (row.agency ? [row.agency] : [])))]} onFinished={finished} />
      )}
      {list.status === 422 && <p role="alert">{t('cases.invalid', { message: errorText(list.error, '') })}</p>}
      {!rows ? (
        list.status !== 422 && <ApiProblem state={list} />
      ) : rows.length === 0 ? (
        <p role="status">{t('cases.empty')}</p>
      ) : (
        <table className="cases">
          <caption>{t('cases.table')}</caption>
          <thead>
            <tr>
              {selecting && (
                <td>
                  <PageCheckbox label={t('bulk.selectPage')} checked={chosen.length > 0 && chosen.length === rows.length} mixed={chosen.length > 0 && chosen.length < rows.length} onChange={selectPage} />
                </td>
              )}
              <th scope="col">{t('cases.col.case')}</th>
              <th scope="col">{t('cases.col.dpd')}</th>
              <th scope="col">{t('cases.col.bucket')}</th>
              <th scope="col">{t('cases.col.classification')}</th>
              <th scope="col">{t('cases.col.stage')}</th>
              <th scope="col">{t('cases.col.balance')}</th>
              <th scope="col">{t('cases.col.segment')}</th>
              <th scope="col">{t('cases.col.strategy')}</th>
              <th scope="col">{t('cases.col.agency')}</th>
              <th scope="col">{t('cases.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.caseId}>
                {selecting && (
                  <td>
                    <input type="checkbox" aria-label={t('bulk.select', { caseId: row.caseId })} checked={selected.has(row.caseId)} onChange={(event) => toggle(row.caseId, event.currentTarget.checked)} />
                  </td>
                )}
                <th scope="row">
                  <a href={`/console${caseHref(row.caseId)}`} onClick={(event) => followLink(event, caseHref(row.caseId))}>
                    {row.caseId}
                  </a>
                </th>
                <td className="number">{row.daysPastDue}</td>
                <td>{row.bucket}</td>
                <td title={row.classificationReason ?? undefined}>{row.classification}</td>
                <td>{row.stage}</td>
                <td className="number">{money(row.balance, row.currency, language)}</td>
                <td>{row.segment ?? '—'}</td>
                <td>{[row.strategyVersion, row.variant].filter(Boolean).join(' / ')}</td>
                <td>{row.agency ?? '—'}</td>
                <td>{row.status === 'closed' ? t('cases.state.closed') : row.paused ? t('cases.state.paused') : t('cases.state.active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t('cases.title')}>
        {filters.cursor && (
          <a href={`/console${pathWithQuery('/cases', { ...filters, cursor: undefined })}`} onClick={(event) => followLink(event, pathWithQuery('/cases', { ...filters, cursor: undefined }))}>
            {t('cases.first')}
          </a>
        )}
        {list.data?.nextCursor && (
          <a
            href={`/console${pathWithQuery('/cases', { ...filters, cursor: list.data.nextCursor })}`}
            onClick={(event) => followLink(event, pathWithQuery('/cases', { ...filters, cursor: list.data?.nextCursor ?? undefined }))}
          >
            {t('cases.next')}
          </a>
        )}
      </nav>
    </section>
  );
}

/** "Select all on this page": checked when every row is, mixed when some are. */
function PageCheckbox(props: { label: string; checked: boolean; mixed: boolean; onChange(on: boolean): void }) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = props.mixed;
  }, [props.mixed]);
  return <input ref={box} type="checkbox" aria-label={props.label} checked={props.checked} onChange={(event) => props.onChange(event.currentTarget.checked)} />;
}

function FilterSelect(props: { name: FilterName; label: string; value?: string; options: [string, string][]; noAny?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value ?? ''}>
        {!props.noAny && <option value="">{t('common.any')}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterText(props: { name: FilterName; label: string; value?: string; suggestions?: string[]; pattern?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} name={props.name} defaultValue={props.value ?? ''} list={props.suggestions && `${id}-list`} pattern={props.pattern} maxLength={100} />
      {props.suggestions && (
        <datalist id={`${id}-list`}>
          {props.suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
    </div>
  );
}

function FilterNumber(props: { name: FilterName; label: string; value?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} name={props.name} type="number" min={0} step={1} inputMode="numeric" defaultValue={props.value ?? ''} />
    </div>
  );
}
