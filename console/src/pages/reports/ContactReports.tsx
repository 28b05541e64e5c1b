// The contact, agency and overdue-reason report pages, loaded on first visit
// with their charts, so the other pages' console does not carry them.
import { lazy, Suspense } from 'react';
import { useI18n } from '../../i18n';

const pages = {
  '/reports/contacts': lazy(() => import('./contact-reports').then((module) => ({ default: module.ContactReportPage }))),
  '/reports/agencies': lazy(() => import('./contact-reports').then((module) => ({ default: module.AgencyReportPage }))),
  '/reports/reasons': lazy(() => import('./contact-reports').then((module) => ({ default: module.ReasonReportPage }))),
};

export const isContactReportPath = (path: string): path is keyof typeof pages => path in pages;

export function ContactReportsPage({ path }: { path: keyof typeof pages }) {
  const { t } = useI18n();
  const Page = pages[path];
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <Page />
    </Suspense>
  );
}
