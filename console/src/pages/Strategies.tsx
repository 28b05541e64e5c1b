// The strategy owner's pages, under /strategies: the versions (and one
// strategy's versions at /strategies/<id>), one version's split and ladders at
// /strategies/<id>/versions/<n>, and a new version at /strategies/new
// (?from=<id>@<n> picks the version to start from). Strategy owners sign in as
// supervisors, who may publish and choose the default; auditors read. The pages
// load on first visit, so the other roles' console does not carry them.
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n';

const StrategyArea = lazy(() => import('./strategy-area'));

export function StrategiesPage({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <StrategyArea path={path} />
    </Suspense>
  );
}
