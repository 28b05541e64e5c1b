// One case for an auditor, /audit/cases/<caseId>: replay its history with the
// code deployed now and see a match or where it diverges; download the history
// (GET …/history) as a JSON file; verify a history file; and the case's timeline
// with actor and reason.
import { useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { followLink } from '../router';
import { useSession } from '../session';
import { HistoryFileCheck, refusal, VerdictView } from './audit-verdict';
import { Timeline } from './Timeline';

export function AuditCasePage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { has } = useSession();
  const casePath = `/cases/${encodeURIComponent(caseId)}`;
  return (
    <section>
      <p>
        <a href="/console/audit" onClick={(event) => followLink(event, '/audit')}>
          {t('audit.case.back')}
        </a>
      </p>
      <h1>{t('audit.case.title', { caseId })}</h1>
      <p>
        <a href={`/console${casePath}`} onClick={(event) => followLink(event, casePath)}>
          {t('audit.case.detail')}
        </a>
      </p>
      <Replay caseId={caseId} />
      <HistoryDownload caseId={caseId} />
      {has('auditor') && <HistoryFileCheck />}
      <Timeline caseId={caseId} latestSeq={0} />
    </section>
  );
}

/** What an action ended in: something to show, or the API's refusal. */
type Outcome = { shown: ReactNode } | { problem: string };

/** A section with one button whose action reports its outcome below it, politely announced; its words under `words`. */
function AuditAction({ words, run }: { words: 'audit.replay' | 'audit.history'; run(): Promise<Outcome> }) {
  const { t } = useI18n();
  const id = words.replace('.', '-');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  async function act() {
    setBusy(true);
    setOutcome(undefined);
    setOutcome(await run());
    setBusy(false);
  }

  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t(`${words}.title` as const)}</h2>
      <p>{t(`${words}.help` as const)}</p>
      <button type="button" onClick={() => void act()} disabled={busy}>
        {t(busy ? (`${words}.busy` as const) : (`${words}.action` as const))}
      </button>
      <div aria-live="polite">
        {outcome && 'problem' in outcome && (
          <p role="alert" className="refused">
            {outcome.problem}
          </p>
        )}
        {outcome && 'shown' in outcome && outcome.shown}
      </div>
    </section>
  );
}

function Replay({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  async function replay(): Promise<Outcome> {
    const { data, error, response } = await api.POST('/v1/cases/{caseId}/replay', { params: { path: { caseId } } });
    return data ? { shown: <VerdictView verdict={data} /> } : { problem: t('audit.refused', { message: refusal(error, response.status) }) };
  }
  return <AuditAction words="audit.replay" run={replay} />;
}

function HistoryDownload({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  async function download(): Promise<Outcome> {
    const { data, error, response } = await api.GET('/v1/cases/{caseId}/history', { params: { path: { caseId } } });
    if (!data) return { problem: t('audit.refused', { message: refusal(error, response.status) }) };
    // The file is made here from what the API sent: the session cookie signs the read, no link has to carry it.
    const file = `${caseId}-history.json`;
    const href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    Object.assign(document.createElement('a'), { href, download: file }).click();
    // Revoked once the browser has taken the download over.
    window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return { shown: <p>{t('audit.history.downloaded', { file, events: data.events.length })}</p> };
  }
  return <AuditAction words="audit.history" run={download} />;
}
