// A replay's verdict as an auditor reads it: a match, or the history event where
// the code deployed now parts from it, what the code did there and what the
// history holds, with the SDK's own message beside; and the form that verifies
// a history file the auditor holds (POST /v1/audit/replay).
import { useId, useState, type FormEvent } from 'react';
import { api, errorText, type ApiErrorBody } from '../api/client';
import type { paths } from '../api/schema';
import { useI18n } from '../i18n';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type CaseVerdict = Json<paths['/v1/cases/{caseId}/replay']['post']['responses'][200]>;
type FileVerdict = Json<paths['/v1/audit/replay']['post']['responses'][200]>;
type HistoryBody = NonNullable<paths['/v1/audit/replay']['post']['requestBody']>['content']['application/json'];
type Verdict = Pick<CaseVerdict, 'match' | 'divergence' | 'firstDivergence'>;

/** The API's refusal as the auditor reads it. */
export const refusal = (error: ApiErrorBody | undefined, status: number) => errorText(error, String(status));

export function VerdictView({ verdict }: { verdict: Verdict }) {
  const { t } = useI18n();
  if (verdict.match) return <p className="ok">{t('audit.verdict.match')}</p>;
  const first = verdict.firstDivergence;
  const unknown = t('audit.verdict.unknown');
  return (
    <div className="refused">
      <h3>{first?.eventId != null ? t('audit.verdict.diverges', { eventId: first.eventId }) : t('audit.verdict.divergesSomewhere')}</h3>
      {first && <p>{t(`audit.verdict.kind.${first.kind}`)}</p>}
      {first && (
        <dl className="figures">
          <div>
            <dt>{t('audit.verdict.eventType')}</dt>
            <dd>{first.eventType ?? unknown}</dd>
          </div>
          <div>
            <dt>{t('audit.verdict.codeDid')}</dt>
            <dd>{first.codeDid ?? unknown}</dd>
          </div>
          <div>
            <dt>{t('audit.verdict.historyHolds')}</dt>
            <dd>{first.historyHolds ?? unknown}</dd>
          </div>
        </dl>
      )}
      {verdict.divergence && (
        <details>
          <summary>{t('audit.verdict.message')}</summary>
          <pre>{verdict.divergence}</pre>
        </details>
      )}
    </div>
  );
}

/** Reads a chosen history file and replays it with the code deployed now. */
export function HistoryFileCheck() {
  const { t } = useI18n();
  const inputId = useId();
  const helpId = useId();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ file: string; verdict?: FileVerdict; problem?: string }>();

  async function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (event.currentTarget.elements.namedItem('history') as HTMLInputElement).files?.[0];
    if (!file) return setResult({ file: '', problem: t('audit.file.missing') });
    let history: HistoryBody;
    try {
      history = JSON.parse(await file.text()) as HistoryBody;
    } catch (error) {
      return setResult({ file: file.name, problem: t('audit.file.notJson', { file: file.name, message: (error as Error).message }) });
    }
    setBusy(true);
    setResult(undefined);
    const { data, error, response } = await api.POST('/v1/audit/replay', { body: history });
    setBusy(false);
    setResult(data ? { file: file.name, verdict: data } : { file: file.name, problem: t('audit.refused', { message: refusal(error, response.status) }) });
  }

  return (
    <section aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('audit.file.title')}</h2>
      <p id={helpId}>{t('audit.file.help')}</p>
      <form onSubmit={(event) => void verify(event)} aria-labelledby={`${inputId}-title`}>
        <div className="field narrow">
          <label htmlFor={inputId}>{t('audit.file.label')}</label>
          <input id={inputId} name="history" type="file" accept="application/json,.json" aria-describedby={helpId} />
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t('audit.file.verifying') : t('audit.file.verify')}
          </button>
        </p>
      </form>
      <div aria-live="polite">
        {result?.problem && <p role="alert" className="refused">{result.problem}</p>}
        {result?.verdict && (
          <>
            <p>
              {t('audit.file.of', {
                file: result.file,
                workflowId: result.verdict.workflowId ?? t('audit.file.unnamed'),
                workflowType: result.verdict.workflowType,
              })}
            </p>
            <VerdictView verdict={result.verdict} />
          </>
        )}
      </div>
    </section>
  );
}
