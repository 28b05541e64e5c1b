// The auditor's area, /audit: open a case to audit by its id or from the list
// of cases, or verify a history file; /audit/cases/<caseId> audits one case
// (audit-case.tsx).
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { followLink, navigate } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';
import { AuditCasePage } from './audit-case';
import { HistoryFileCheck } from './audit-verdict';

/** Where an auditor audits a case; other pages link here. */
export const auditCasePath = (caseId: string) => `/audit/cases/${encodeURIComponent(caseId)}`;

export function AuditPage({ path }: { path: string }) {
  const { t } = useI18n();
  const { has } = useSession();
  if (!has('auditor') && !has('supervisor')) return <p role="alert">{t('audit.forbidden')}</p>;
  const caseId = /^\/audit\/cases\/([^/]+)$/.exec(path)?.[1];
  if (caseId) return <AuditCasePage caseId={decodeURIComponent(caseId)} />;
  if (path === '/audit') return <AuditHome />;
  return <h1>{t('notFound.title')}</h1>;
}

function AuditHome() {
  const { t } = useI18n();
  const { has } = useSession();
  const inputId = useId();
  const [missing, setMissing] = useState(false);

  function open(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const caseId = String(new FormData(event.currentTarget).get('caseId') ?? '').trim();
    setMissing(!caseId);
    if (caseId) navigate(auditCasePath(caseId));
  }

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <h2 id={`${inputId}-title`}>{t('audit.pick')}</h2>
      <form onSubmit={open} aria-labelledby={`${inputId}-title`} noValidate>
        <div className="field narrow">
          <label htmlFor={inputId}>{t('audit.caseId')}</label>
          <input
            id={inputId}
            name="caseId"
            autoComplete="off"
            aria-describedby={`${inputId}-help${missing ? ` ${inputId}-missing` : ''}`}
            aria-invalid={missing || undefined}
          />
          <span id={`${inputId}-help`} className="muted">
            {t('audit.caseIdHelp')}
          </span>
          {missing && (
            <span id={`${inputId}-missing`} role="alert" className="problem">
              {t('audit.caseIdMissing')}
            </span>
          )}
        </div>
        <p>
          <button type="submit">{t('audit.open')}</button>
        </p>
      </form>
      <RecentCases />
      {has('auditor') && <HistoryFileCheck />}
    </section>
  );
}

/** The first cases of the list (open ones first, as the list sorts them), each a link to its audit. */
function RecentCases() {
  const { t } = useI18n();
  const list = useApi(() => api.GET('/v1/cases', { params: { query: { limit: RECENT } } }).then(({ data, error, response }) => ({ data, error, status: response.status })), []);
  const cases = list.data?.cases;
  return (
    <section aria-labelledby="audit-recent">
      <h2 id="audit-recent">{t('audit.recent.title')}</h2>
      {!cases ? (
        <ApiProblem state={list} />
      ) : cases.length === 0 ? (
        <p>{t('audit.recent.empty')}</p>
      ) : (
        <ul>
          {cases.map(({ caseId, stage, bucket, daysPastDue }) => (
            <li key={caseId}>
              <a href={`/console${auditCasePath(caseId)}`} onClick={(event) => followLink(event, auditCasePath(caseId))}>
                {caseId}
              </a>{' '}
              <span className="muted">{t('audit.recent.summary', { stage, bucket, dpd: daysPastDue })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const RECENT = 20;
