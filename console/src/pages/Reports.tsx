// The reports, under /reports: the index, and a page per report. They load on
// first visit, with the charts, so the other pages do not carry them.
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n';

const ReportArea = lazy(() => import('./reports/report-area'));

export function ReportsPage({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <ReportArea path={path} />
    </Suspense>
  );
}
