// Roll rates (GET /v1/reports/roll-rates): where the cases in each bucket on one
// snapshot day are on a later one, as a table shaded by each cell's share of
// its row, with each bucket's forward-roll and cure rates; days, product and
// segment in the URL, and the CSV of what is shown.
import { api } from '../../api/client';
import { count, share } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { useApi } from '../../use-api';
import { ApiProblem } from '../ApiProblem';
import { CsvLink, Frame, heat, ReportFilters, useReportQuery } from './report-filters';

const PRODUCTS = ['credit-card', 'loan'] as const;
const SEGMENTS = ['low-risk', 'medium-risk', 'high-risk'] as const;
const API_PATH = '/v1/reports/roll-rates';

export function RollRatesReport() {
  const { t, language } = useI18n();
  const values = useReportQuery(['from', 'to', 'product', 'segment']);
  const report = useApi(
    () =>
      api
        .GET(API_PATH, { params: { query: values as { from?: string; to?: string; product?: (typeof PRODUCTS)[number]; segment?: (typeof SEGMENTS)[number] } } })
        .then(({ data, error, response }) => ({ data: data as Exclude<typeof data, string>, error, status: response.status })),
    [values],
  );
  const data = report.data;
  const destinationLabel = (destination: string) => (destination === 'cured' || destination === 'closed' ? t(`roll.${destination}` as MessageKey) : destination);
  return (
    <Frame title={t('reports.rollRates')}>
      <ReportFilters
        path="/reports/roll-rates"
        values={values}
        choices={[
          { name: 'product', label: t('reports.product'), options: PRODUCTS },
          { name: 'segment', label: t('reports.segment'), options: SEGMENTS },
        ]}
      />
      {!data ? (
        <ApiProblem state={report} forbidden={t('reports.forbidden')} />
      ) : (
        <>
          <p>{t('reports.days', { from: data.from, to: data.to })}</p>
          <CsvLink apiPath={API_PATH} values={{ ...values, from: data.from, to: data.to }} />
          <div className="table-scroll">
            <table className="matrix">
              <caption>{t('roll.table', { from: data.from, to: data.to })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roll.fromBucket', { from: data.from })}</th>
                  <th scope="col" className="number">
                    {t('reports.cases')}
                  </th>
                  {data.destinations.map((destination) => (
                    <th scope="col" key={destination} className="number">
                      {destinationLabel(destination)}
                    </th>
                  ))}
                  <th scope="col" className="number">
                    {t('roll.forwardRoll')}
                  </th>
                  <th scope="col" className="number">
                    {t('roll.cure')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.bucket}>
                    <th scope="row">{row.bucket}</th>
                    <td className="number">{count(row.cases, language)}</td>
                    {data.destinations.map((destination) => {
                      const cell = row.to[destination];
                      return (
                        <td key={destination} className="number" style={{ background: heat(row.cases ? cell.cases / row.cases : null) }}>
                          {count(cell.cases, language)}
                        </td>
                      );
                    })}
                    <td className="number">{row.forwardRollRate === null ? '—' : share(row.forwardRollRate, language)}</td>
                    <td className="number">{row.cureRate === null ? '—' : share(row.cureRate, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{t('roll.help')}</p>
          <p>{t('roll.entered', { to: data.to, cases: count(data.entered.cases, language) })}</p>
        </>
      )}
    </Frame>
  );
}
