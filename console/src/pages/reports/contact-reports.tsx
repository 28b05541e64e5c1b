// The contact, agency and overdue-reason reports (/reports/contacts,
// /reports/agencies, /reports/reasons): a days of business days in the URL,
// the figures in tables, one ECharts chart each (loaded with the page's first
// chart, as the overview loads it) and the same report as a CSV download.
import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { api, type AgencyReport, type ContactReport, type ReasonReport } from '../../api/client';
import { count, share } from '../../format';
import { useI18n } from '../../i18n';
import { navigate, pathWithQuery, useLocation } from '../../router';
import { useApi } from '../../use-api';
import { ApiProblem } from '../ApiProblem';

const BarChart = lazy(() => import('../../components/BarChart').then(({ BarChart }) => ({ default: BarChart })));

type ReportName = 'contacts' | 'agencies' | 'reasons';
type ReportDays = { from?: string; to?: string };

function useWindow(): ReportDays {
  const { query } = useLocation();
  return { from: query.get('from') ?? undefined, to: query.get('to') ?? undefined };
}

/** The days form and the CSV link: the days lives in the URL, so a report can be shared as seen. */
function ReportFrame({ name, title, days, children }: { name: ReportName; title: string; days: ReportDays & { shown?: ReportDays }; children: ReactNode }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(days.from ?? days.shown?.from ?? '');
  const [to, setTo] = useState(days.to ?? days.shown?.to ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(pathWithQuery(`/reports/${name}`, { from, to }), { replace: true });
  };
  const csv = pathWithQuery(`/v1/reports/${name}`, { from: days.from, to: days.to, format: 'csv' });
  return (
    <section>
      <h1>{title}</h1>
      <form className="filters" onSubmit={submit} aria-label={t('reports.window')}>
        <label>
          {t('reports.from')} <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          {t('reports.to')} <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="submit">{t('reports.show')}</button>
        <a href={csv} download>
          {t('reports.csv')}
        </a>
      </form>
      {children}
    </section>
  );
}

const Chart = (props: { title: string; counts: Record<string, number>; label?: string; percent?: boolean }) => {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <div className="charts">
        <BarChart {...props} />
      </div>
    </Suspense>
  );
};

const rateText = (rate: number | null, language: Parameters<typeof share>[1]) => (rate === null ? '—' : share(rate, language));

export function ContactReportPage() {
  const { t, language } = useI18n();
  const days = useWindow();
  const state = useApi(() => api.GET('/v1/reports/contacts', { params: { query: days } }).then(({ data, error, response }) => ({ data: data as ContactReport | undefined, error, status: response.status })), [days]);
  const report = state.data;
  const hours = report ? Object.entries(report.rightPartyByHour).sort(([a], [b]) => a.localeCompare(b)) : [];
  return (
    <ReportFrame name="contacts" title={t('reports.contacts.title')} days={{ ...days, shown: report }}>
      {!report ? (
        <ApiProblem state={state} forbidden={t('reports.forbidden')} />
      ) : (
        <>
          <p>{t('reports.contacts.promises', { kept: count(report.promises.kept, language), broken: count(report.promises.broken, language), rate: rateText(report.promises.keptRate, language) })}</p>
          <h2>{t('reports.contacts.byChannel')}</h2>
          <table aria-label={t('reports.contacts.byChannel')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.contacts.channel')}</th>
                <th scope="col">{t('reports.contacts.attempts')}</th>
                <th scope="col">{t('reports.contacts.rightParty')}</th>
                <th scope="col">{t('reports.rate')}</th>
                <th scope="col">{t('reports.contacts.awaiting')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(report.rightPartyByChannel).map(([channel, row]) => (
                <tr key={channel}>
                  <th scope="row">{channel}</th>
                  <td className="number">{count(row.attempts, language)}</td>
                  <td className="number">{count(row.rightParty, language)}</td>
                  <td className="number">{rateText(row.rate, language)}</td>
                  <td className="number">{count(row.awaitingReport, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {hours.length > 0 && (
            <Chart title={t('reports.contacts.byHour')} counts={Object.fromEntries(hours.map(([hour, row]) => [hour, row.rate ?? 0]))} label={t('reports.rate')} percent />
          )}
          <h2>{t('reports.contacts.payments')}</h2>
          <table aria-label={t('reports.contacts.payments')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.contacts.channel')}</th>
                <th scope="col">{t('reports.contacts.template')}</th>
                <th scope="col">{t('reports.contacts.reached')}</th>
                <th scope="col">{t('reports.contacts.paid')}</th>
                <th scope="col">{t('reports.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {report.paymentWithin7Days.map((row) => (
                <tr key={`${row.channel}/${row.template}`}>
                  <th scope="row">{row.channel}</th>
                  <td>{row.template || '—'}</td>
                  <td className="number">{count(row.reached, language)}</td>
                  <td className="number">{count(row.paidWithin7Days, language)}</td>
                  <td className="number">{rateText(row.rate, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('reports.contacts.guard')}</h2>
          <table aria-label={t('reports.contacts.guard')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.contacts.rule')}</th>
                <th scope="col">{t('reports.contacts.deferred')}</th>
                <th scope="col">{t('reports.contacts.denied')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(report.guardByRule).map(([rule, row]) => (
                <tr key={rule}>
                  <th scope="row">{rule}</th>
                  <td className="number">{count(row.deferred, language)}</td>
                  <td className="number">{count(row.denied, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </ReportFrame>
  );
}

export function AgencyReportPage() {
  const { t, language } = useI18n();
  const days = useWindow();
  const state = useApi(() => api.GET('/v1/reports/agencies', { params: { query: days } }).then(({ data, error, response }) => ({ data: data as AgencyReport | undefined, error, status: response.status })), [days]);
  const report = state.data;
  return (
    <ReportFrame name="agencies" title={t('reports.agencies.title')} days={{ ...days, shown: report }}>
      {!report ? (
        <ApiProblem state={state} forbidden={t('reports.forbidden')} />
      ) : report.agencies.length === 0 ? (
        <p>{t('reports.none')}</p>
      ) : (
        <>
          <table aria-label={t('reports.agencies.title')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.agencies.agency')}</th>
                <th scope="col">{t('reports.agencies.placed')}</th>
                <th scope="col">{t('reports.agencies.balance')}</th>
                <th scope="col">{t('reports.agencies.collected')}</th>
                <th scope="col">{t('reports.agencies.recovery')}</th>
                <th scope="col">{t('reports.agencies.days')}</th>
                <th scope="col">{t('reports.agencies.recalls')}</th>
              </tr>
            </thead>
            <tbody>
              {report.agencies.map((row) => (
                <tr key={row.agency}>
                  <th scope="row">{row.agency}</th>
                  <td className="number">{count(row.casesPlaced, language)}</td>
                  <td className="number">{count(row.balancePlaced, language)}</td>
                  <td className="number">{count(row.collected, language)}</td>
                  <td className="number">{rateText(row.recoveryRate, language)}</td>
                  <td className="number">{row.medianDaysToFirstCollection === null ? '—' : count(row.medianDaysToFirstCollection, language)}</td>
                  <td>{Object.entries(row.recalls).map(([reason, n]) => `${reason}: ${n}`).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Chart title={t('reports.agencies.chart')} counts={Object.fromEntries(report.agencies.map((row) => [row.agency, row.recoveryRate ?? 0]))} label={t('reports.agencies.recovery')} percent />
        </>
      )}
    </ReportFrame>
  );
}

export function ReasonReportPage() {
  const { t, language } = useI18n();
  const days = useWindow();
  const state = useApi(() => api.GET('/v1/reports/reasons', { params: { query: days } }).then(({ data, error, response }) => ({ data: data as ReasonReport | undefined, error, status: response.status })), [days]);
  const report = state.data;
  return (
    <ReportFrame name="reasons" title={t('reports.reasons.title')} days={{ ...days, shown: report }}>
      {!report ? (
        <ApiProblem state={state} forbidden={t('reports.forbidden')} />
      ) : report.reasons.length === 0 ? (
        <p>{t('reports.none')}</p>
      ) : (
        <>
          <p>{t('reports.reasons.cases', { cases: count(report.cases, language) })}</p>
          <table aria-label={t('reports.reasons.title')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.reasons.code')}</th>
                <th scope="col">{t('reports.reasons.recorded')}</th>
                <th scope="col">{t('reports.reasons.latest')}</th>
                <th scope="col">{t('reports.reasons.closed')}</th>
                <th scope="col">{t('reports.reasons.cured')}</th>
                <th scope="col">{t('reports.reasons.cureRate')}</th>
              </tr>
            </thead>
            <tbody>
              {report.reasons.map((row) => (
                <tr key={row.code}>
                  <th scope="row">{row.code}</th>
                  <td className="number">{count(row.recorded, language)}</td>
                  <td className="number">{count(row.latest, language)}</td>
                  <td className="number">{count(row.closed, language)}</td>
                  <td className="number">{count(row.cured, language)}</td>
                  <td className="number">{rateText(row.cureRate, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Chart title={t('reports.reasons.chart')} counts={Object.fromEntries(report.reasons.map((row) => [row.code, row.latest]))} label={t('reports.reasons.latest')} />
        </>
      )}
    </ReportFrame>
  );
}
