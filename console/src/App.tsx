// The frame every page shares (skip link, navigation, language, who is signed
// in) and which page the URL names. Signed out, every URL shows the sign-in
// page and, once signed in, the page it named.
import { useEffect, type ReactNode } from 'react';
import { LANGUAGES, useI18n, type Language } from './i18n';
import { AgentQueuePage } from './pages/AgentQueue';
import { AuditPage } from './pages/Audit';
import { CaseDetailPage } from './pages/CaseDetail';
import { CaseListPage } from './pages/CaseList';
import { OverviewPage } from './pages/Overview';
import { ReportsPage } from './pages/Reports';
import { SignInPage } from './pages/SignIn';
import { StrategiesPage } from './pages/Strategies';
import { ContactReportsPage, isContactReportPath } from './pages/reports/ContactReports';
import { ExperimentsPage } from './pages/reports/Experiments';
import { followLink, useLocation } from './router';
import { useSession } from './session';

export function App() {
  const { t } = useI18n();
  const { session, error } = useSession();
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  if (error) {
    return (
      <Frame>
        <p role="alert">{t('common.error', { message: error })}</p>
      </Frame>
    );
  }
  if (!session) {
    return (
      <Frame>
        <p role="status">{t('common.loading')}</p>
      </Frame>
    );
  }
  return <Frame>{session.signedIn ? <Page /> : <SignInPage />}</Frame>;
}

function Page() {
  const { path } = useLocation();
  const { t } = useI18n();
  const { has } = useSession();
  const caseId = /^\/cases\/([^/]+)$/.exec(path)?.[1];
  if (caseId) return <CaseDetailPage caseId={decodeURIComponent(caseId)} />;
  if (path === '/cases') return <CaseListPage />;
  // Each area owns the paths under its prefix: /queue (agents), /audit (auditors), /strategies (strategy owners).
  if (path === '/queue' || path.startsWith('/queue/')) return <AgentQueuePage path={path} />;
  if (path === '/audit' || path.startsWith('/audit/')) return <AuditPage path={path} />;
  if (path === '/strategies' || path.startsWith('/strategies/')) return <StrategiesPage path={path} />;
  if (path === '/reports/experiments') return <ExperimentsPage />;
  if (isContactReportPath(path)) return <ContactReportsPage path={path} />;
  if (path === '/reports' || path.startsWith('/reports/')) return <ReportsPage path={path} />;
  if (path === '/' || path === '/overview') return has('supervisor') || has('auditor') ? <OverviewPage /> : <CaseListPage />;
  return <h1>{t('notFound.title')}</h1>;
}

function Frame({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { session, signOut, has } = useSession();
  const { path } = useLocation();
  const principal = session?.principal;
  const link = (to: string, label: string, current: boolean) => (
    <a href={`/console${to}`} onClick={(event) => followLink(event, to)} aria-current={current ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a className="skip" href="#content">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        {principal && (
          <nav aria-label={t('nav.main')}>
            {link('/', t('nav.overview'), path === '/')}
            {link('/cases', t('nav.cases'), path.startsWith('/cases'))}
            {has('agent') && link('/queue', t('nav.queue'), path.startsWith('/queue'))}
            {has('auditor') && link('/audit', t('nav.audit'), path.startsWith('/audit'))}
            {(has('supervisor') || has('strategist') || has('auditor')) && link('/strategies', t('nav.strategies'), path.startsWith('/strategies'))}
            {(has('supervisor') || has('strategist')) && link('/reports', t('nav.reports'), path.startsWith('/reports'))}
          </nav>
        )}
        <div className="tools">
          <label>
            {t('lang.label')}{' '}
            <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
              {Object.entries(LANGUAGES).map(([code, name]) => (
                <option key={code} value={code} lang={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {principal && (
            <>
              <span>{t('session.signedInAs', { subject: principal.subject, roles: principal.roles.map((role) => t(`role.${role}`)).join(', ') })}</span>
              <button type="button" onClick={() => void signOut()}>
                {t('session.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
