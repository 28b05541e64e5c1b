// NPL (GET /v1/reports/npl): the non-performing share of the balance on each
// snapshot day, as a line and a table, and the migration between
// classifications from the range's first day to its last; the CSV of the days.
import { lazy, Suspense } from 'react';
import { api } from '../../api/client';
import { count, share } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { useApi } from '../../use-api';
import { ApiProblem } from '../ApiProblem';
import { CsvLink, Frame, heat, ReportFilters, useReportQuery } from './report-filters';

const LineChart = lazy(() => import('../../components/LineChart').then(({ LineChart }) => ({ default: LineChart })));
const API_PATH = '/v1/reports/npl';

export function NplReport() {
  const { t, language } = useI18n();
  const values = useReportQuery(['from', 'to']);
  const report = useApi(
    () => api.GET(API_PATH, { params: { query: values } }).then(({ data, error, response }) => ({ data: data as Exclude<typeof data, string>, error, status: response.status })),
    [values],
  );
  const data = report.data;
  const destinationLabel = (destination: string) => (destination === 'cured' || destination === 'closed' ? t(`roll.${destination}` as MessageKey) : destination);
  return (
    <Frame title={t('reports.npl')}>
      <ReportFilters path="/reports/npl" values={values} />
      {!data ? (
        <ApiProblem state={report} forbidden={t('reports.forbidden')} />
      ) : (
        <>
          <p>{t('reports.days', { from: data.from, to: data.to })}</p>
          <CsvLink apiPath={API_PATH} values={{ from: data.from, to: data.to }} />
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <LineChart title={t('npl.chart')} name={t('npl.ratio')} points={data.days.map((day) => [day.day, day.nplRatio])} percent />
          </Suspense>
          <table>
            <caption>{t('npl.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('npl.day')}</th>
                <th scope="col" className="number">{t('reports.cases')}</th>
                <th scope="col" className="number">{t('reports.balance')}</th>
                <th scope="col" className="number">{t('npl.nplBalance')}</th>
                <th scope="col" className="number">{t('npl.ratio')}</th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{day.day}</th>
                  <td className="number">{count(day.cases, language)}</td>
                  <td className="number">{count(day.balance, language)}</td>
                  <td className="number">{count(day.nplBalance, language)}</td>
                  <td className="number">{day.nplRatio === null ? '—' : share(day.nplRatio, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!data.migration ? (
            <p>{t('npl.noMigration')}</p>
          ) : (
            <div className="table-scroll">
              <table className="matrix">
                <caption>{t('npl.migration', { from: data.migration.from, to: data.migration.to })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('npl.fromGrade', { from: data.migration.from })}</th>
                    <th scope="col" className="number">{t('reports.cases')}</th>
                    {data.migration.destinations.map((destination) => (
                      <th scope="col" key={destination} className="number">
                        {destinationLabel(destination)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.migration.rows.map((row) => (
                    <tr key={row.classification}>
                      <th scope="row">{row.classification}</th>
                      <td className="number">{count(row.cases, language)}</td>
                      {data.migration!.destinations.map((destination) => {
                        const cell = row.to[destination];
                        return (
                          <td key={destination} className="number" style={{ background: heat(row.cases ? cell.cases / row.cases : null) }}>
                            {count(cell.cases, language)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Frame>
  );
}
