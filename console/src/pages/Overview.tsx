// The portfolio at a glance, from GET /v1/portfolio/counts: open cases, NPL
// share, paused, and open cases by bucket, classification, stage and variant.
import { lazy, Suspense } from 'react';
import { api } from '../api/client';
import { count, dateTime, share } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';

const REFRESH_MS = 15_000;

// ECharts is most of the console's weight: only this page loads it.
const BarChart = lazy(() => import('../components/BarChart').then(({ BarChart }) => ({ default: BarChart })));

export function OverviewPage() {
  const { t, language } = useI18n();
  const counts = useApi(() => api.GET('/v1/portfolio/counts').then(({ data, error, response }) => ({ data, error, status: response.status })), [], REFRESH_MS);
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
          </dl>
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <div className="charts">
              <BarChart title={t('overview.byBucket')} counts={figures.byBucket} />
              <BarChart title={t('overview.byClassification')} counts={figures.byClassification} />
              <BarChart title={t('overview.byStage')} counts={figures.byStage} />
              <BarChart title={t('overview.byVariant')} counts={figures.byStrategyVariant} />
            </div>
          </Suspense>
        </>
      )}
    </section>
  );
}
