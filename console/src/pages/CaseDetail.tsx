// One case from GET /v1/cases/{caseId}: what it waits for first, then its
// figures, the loan and the debtor (contact masked until revealed), the
// assessment and the ladder, the commands a supervisor may give now, payments
// and contacts with the guard's verdicts, and its timeline. The page follows
// the case by polling while it is on screen.
import { useState } from 'react';
import { api, type CaseDetail } from '../api/client';
import { dateTime, money } from '../format';
import { useI18n } from '../i18n';
import { followLink } from '../router';
import { useSession } from '../session';
import { ARREARS_REASON_WORDS, type ArrearsReasonCode } from '../agent/outcome-report';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';
import { Assessment, Ladder } from './case-assessment';
import { LoanAndContact } from './case-contact';
import { ContactAttempts, Payments } from './case-contacts';
import { OptOuts } from './case-opt-outs';
import { CaseCommands } from './CaseCommands';
import { Settlement } from './case-settlement';
import { RepaymentPlan } from './case-plan';
import { lastListPath } from './CaseList';
import { Timeline } from './Timeline';

const REFRESH_MS = 5_000;

export function CaseDetailPage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { has } = useSession();
  // A reveal is not a case event: the timeline reads again for it.
  const [reveals, setReveals] = useState(0);
  const detail = useApi(
    () => api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } }).then(({ data, error, response }) => ({ data, error, status: response.status })),
    [caseId],
    REFRESH_MS,
  );
  return (
    <section>
      <p>
        <a href={`/console${lastListPath}`} onClick={(event) => followLink(event, lastListPath)}>
          {t('case.back')}
        </a>
      </p>
      <h1>{t('case.title', { caseId })}</h1>
      {has('auditor') && (
        <p>
          <a href={`/console/audit/cases/${encodeURIComponent(caseId)}`} onClick={(event) => followLink(event, `/audit/cases/${encodeURIComponent(caseId)}`)}>
            {t('audit.case.link')}
          </a>
        </p>
      )}
      {!detail.data ? (
        <ApiProblem state={detail} />
      ) : (
        <>
          <CaseSummary detail={detail.data} />
          <OverdueReason view={detail.data.case} />
          <Settlement view={detail.data.case} />
          <RepaymentPlan view={detail.data.case} />
          <LoanAndContact detail={detail.data} onRevealed={() => setReveals((count) => count + 1)} />
          <OptOuts detail={detail.data} onChanged={detail.reload} />
          <Assessment detail={detail.data} />
          <Ladder detail={detail.data} />
          <CaseCommands view={detail.data.case} onChanged={detail.reload} />
          <Payments detail={detail.data} />
          <ContactAttempts detail={detail.data} />
          {has('supervisor') || has('auditor') ? (
            <Timeline caseId={caseId} latestSeq={detail.data.case.recentEvents.at(-1)?.seq ?? 0} reveals={reveals} />
          ) : (
            <p>{t('timeline.forbidden')}</p>
          )}
        </>
      )}
    </section>
  );
}

type ReasonEntry = NonNullable<CaseDetail['case']['overdueReasons']>[number];

/** The latest reason for the arrears, then every one recorded, latest first, each with who and when. */
function OverdueReason({ view }: { view: CaseDetail['case'] }) {
  const { t, language } = useI18n();
  const history = [...(view.overdueReasons ?? [])].reverse();
  const words = (entry: ReasonEntry) => {
    const key = ARREARS_REASON_WORDS[entry.code as ArrearsReasonCode];
    const reason = `${key ? t(key) : entry.code}${entry.note ? ` (${entry.note})` : ''}`;
    const line = t('overdueReason.entry', { reason, actor: entry.actor, at: dateTime(entry.at, language) });
    if (entry.taskId) return `${line}${t('overdueReason.fromTask', { taskId: entry.taskId })}`;
    if (entry.source === 'debtor') return `${line}${t('overdueReason.fromDebtor', { channel: (entry.channel ?? '').toUpperCase() })}`;
    return entry.source === 'supervisor' ? `${line}${t('overdueReason.bySupervisor')}` : line;
  };
  return (
    <section aria-labelledby="overdue-reason">
      <h2 id="overdue-reason">{t('overdueReason.title')}</h2>
      <p>{view.overdueReason ? words(view.overdueReason) : t('overdueReason.none')}</p>
      {history.length > 1 && (
        <>
          <h3 id="overdue-reason-history">{t('overdueReason.history')}</h3>
          <ol aria-labelledby="overdue-reason-history">
            {history.map((entry, index) => (
              <li key={index}>{words(entry)}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function CaseSummary({ detail }: { detail: CaseDetail }) {
  const { t, language } = useI18n();
  const view = detail.case;
  const waiting = view.waitingFor ?? [];
  const figures: [string, string][] = [
    [t('case.loan'), view.loanId],
    [t('case.status'), view.status],
    [t('case.stage'), view.stage],
    [t('case.dpd'), String(view.daysPastDue)],
    [t('case.delinquentSince'), view.delinquentSince ?? '—'],
    [t('case.bucket'), view.bucket],
    [t('case.classification'), `${view.classification.name}${view.classification.npl ? ' (NPL)' : ''}`],
    ...(view.restructuredOn ? [[t('case.restructuredOn'), view.restructuredOn] as [string, string]] : []),
    [t('case.balance'), money(view.balance, view.currency, language)],
    [t('case.segment'), view.segment ?? '—'],
    [t('case.strategy'), `${view.strategy.id}@${view.strategy.version} / ${view.strategy.variant}`],
    [t('case.agency'), view.agency?.name ?? t('common.none')],
  ];
  return (
    <>
      {detail.source === 'read-model' && <p role="note">{t('case.fromReadModel')}</p>}
      <section className="waiting" aria-labelledby="waiting-for">
        <h2 id="waiting-for">{t('case.waitingFor')}</h2>
        {waiting.length === 0 ? (
          <p>{t('case.nothingWaiting')}</p>
        ) : (
          <ul>
            {waiting.map((wait, index) => (
              <li key={index} className={index === 0 ? 'first' : undefined}>
                {wait.until ? t('case.waitingUntil', { reason: wait.reason, until: dateTime(wait.until, language) }) : wait.reason}
              </li>
            ))}
          </ul>
        )}
        {view.paused && (
          <p className="paused">
            {t('case.pausedBy', { actor: view.paused.actor, since: dateTime(view.paused.since, language), reason: view.paused.reason })}{' '}
            {view.paused.until && t('case.pausedUntil', { until: dateTime(view.paused.until, language) })}
          </p>
        )}
        {view.closure && (
          <p>{t('case.closedBy', { outcome: view.closure.outcome, actor: view.closure.actor, at: dateTime(view.closure.at, language), reason: view.closure.reason })}</p>
        )}
      </section>
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {view.classification.reason && (
        <p className="classification-reason">
          {t('case.classificationReason', { grade: view.classification.name })} {view.classification.reason}
        </p>
      )}
      <p className="muted">{t('case.asOf', { time: dateTime(view.asOf, language) })}</p>
    </>
  );
}
