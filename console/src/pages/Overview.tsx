// The portfolio at a glance, from GET /v1/portfolio/counts: open cases, NPL
// share, paused, and open cases by bucket, classification, stage and variant;
// and from GET /v1/portfolio/today, today's contacts by channel and the
// compliance guard's deferrals by rule.
import { lazy, Suspense } from 'react';
import { api, type PortfolioToday } from '../api/client';
import { count, dateTime, share } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';

const REFRESH_MS = 15_000;
/** Today's figures move slowly, and on FerretDB the day's query reads the whole contact log: once a minute. */
const TODAY_REFRESH_MS = 60_000;

// ECharts is most of the console's weight: only this page loads it.
const BarChart = lazy(() => import('../components/BarChart').then(({ BarChart }) => ({ default: BarChart })));

export function OverviewPage() {
  const { t, language } = useI18n();
  const counts = useApi(() => api.GET('/v1/portfolio/counts').then(({ data, error, response }) => ({ data, error, status: response.status })), [], REFRESH_MS);
  const today = useApi(() => api.GET('/v1/portfolio/today').then(({ data, error, response }) => ({ data, error, status: response.status })), [], TODAY_REFRESH_MS);
  const figures = counts.data;
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      {!figures ? (
        <ApiProblem state={counts} forbidden={t('overview.forbidden')} />
      ) : (
        <>
          <p className="muted">{t('overview.asOf', { time: dateTime(figures.asOf, language) })}</p>
          <dl className="tiles">
            <div>
              <dt>{t('overview.open')}</dt>
              <dd>{count(figures.open, language)}</dd>
            </div>
            <div>
              <dt>{t('overview.npl')}</dt>
              <dd>
                {count(figures.npl.count, language)} <span className="muted">{t('overview.nplShare', { share: share(figures.npl.share, language) })}</span>
              </dd>
            </div>
            <div>
              <dt>{t('overview.paused')}</dt>
              <dd>{count(figures.paused, language)}</dd>
            </div>
            <div>
              <dt>{t('overview.underObservation')}</dt>
              <dd>{count(figures.underObservation, language)}</dd>
            </div>
          </dl>
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <div className="charts">
              <BarChart title={t('overview.byBucket')} counts={figures.byBucket} />
              <BarChart title={t('overview.byClassification')} counts={figures.byClassification} />
              <BarChart title={t('overview.byStage')} counts={figures.byStage} />
              <BarChart title={t('overview.byVariant')} counts={figures.byStrategyVariant} />
              {figures.byHold && Object.keys(figures.byHold).length > 0 && <BarChart title={t('overview.byHold')} counts={figures.byHold} />}
            </div>
          </Suspense>
        </>
      )}
      {today.data ? <Today today={today.data} /> : figures && <ApiProblem state={today} forbidden={t('overview.forbidden')} />}
    </section>
  );
}

const COLUMNS = ['made', 'planned', 'deferred', 'denied', 'failed'] as const;

function Today({ today }: { today: PortfolioToday }) {
  const { t, language } = useI18n();
  const channels = Object.entries(today.byChannel);
  const rules = Object.entries(today.deferralsByRule).sort(([, a], [, b]) => b - a);
  return (
    <>
      <section aria-labelledby="today-title">
        <h2 id="today-title">{t('overview.today')}</h2>
        <p className="muted">{t('overview.todayDay', { day: today.day })}</p>
        {channels.length === 0 ? (
          <p>{t('overview.noActions')}</p>
        ) : (
          <table>
            <caption>{t('overview.todayTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overview.channel')}</th>
                {COLUMNS.map((column) => (
                  <th scope="col" key={column} className="number">
                    {t(`overview.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {channels.map(([channel, day]) => (
                <tr key={channel}>
                  <th scope="row">{channel}</th>
                  {COLUMNS.map((column) => (
                    <td key={column} className="number">
                      {count(day[column], language)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="deferrals-title">
        <h2 id="deferrals-title">{t('overview.deferrals')}</h2>
        {rules.length === 0 ? (
          <p>{t('overview.noDeferrals')}</p>
        ) : (
          <table>
            <caption>{t('overview.deferralsTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overview.rule')}</th>
                <th scope="col" className="number">
                  {t('overview.deferred')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map(([rule, deferred]) => (
                <tr key={rule}>
                  <th scope="row">{rule}</th>
                  <td className="number">{count(deferred, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
