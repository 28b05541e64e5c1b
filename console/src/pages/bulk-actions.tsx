// Bulk pause and assign agency on the cases selected in the list: each command
// goes to each case (components/bulk-run.ts says why from the browser), the
// page shows how many have answered, each case that refused with the API's
// reason, and a button that stops sending the rest.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, errorText, type ApiErrorBody } from '../api/client';
import { runBulk, type BulkProgress, type CaseCommand } from '../components/bulk-run';
import { useI18n } from '../i18n';
import { followLink } from '../router';

const REASON_MAX = 500;

/** The API's sentence for a refused command, or undefined when the case took it. */
const outcomeOf = ({ error, response }: { error?: ApiErrorBody; response: Response }) =>
  error || !response.ok ? errorText(error, `HTTP ${response.status}`) : undefined;

const pause = (reason: string): CaseCommand => (caseId) =>
  api.POST('/v1/cases/{caseId}/commands/pause', { params: { path: { caseId } }, body: { reason } }).then(outcomeOf);

const assignAgency = (agency: string, reason?: string): CaseCommand => (caseId) =>
  api.POST('/v1/cases/{caseId}/commands/assign-agency', { params: { path: { caseId } }, body: { agency, ...(reason && { reason }) } }).then(outcomeOf);

export function BulkActions(props: {
  selected: readonly string[];
  /** Agencies the page's cases are with: suggestions for the agency field. */
  agencies: readonly string[];
  /** After a run: the cases that took the command, so the list reads them again and drops them from the selection. */
  onFinished(succeeded: readonly string[]): void;
}) {
  const { t } = useI18n();
  const [progress, setProgress] = useState<BulkProgress>();
  const [problem, setProblem] = useState<{ form: 'pause' | 'assign'; field: 'agency' | 'reason'; message: string }>();
  const cancelled = useRef(false);
  const [cancelling, setCancelling] = useState(false);
  const count = props.selected.length;
  const running = progress?.running ?? false;
  const blocked = count === 0 ? t('bulk.none') : running ? t('bulk.busy') : undefined;

  async function run(command: CaseCommand) {
    cancelled.current = false;
    setCancelling(false);
    const caseIds = [...props.selected];
    const finished = await runBulk(caseIds, command, setProgress, () => cancelled.current);
    props.onFinished(finished.succeeded);
  }

  function submitPause(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (!reason || reason.length > REASON_MAX) return setProblem({ form: 'pause', field: 'reason', message: t(reason ? 'bulk.reasonTooLong' : 'bulk.reasonRequired') });
    setProblem(undefined);
    void run(pause(reason));
  }

  function submitAssign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const agency = String(form.get('agency') ?? '').trim();
    const reason = String(form.get('reason') ?? '').trim();
    if (!agency) return setProblem({ form: 'assign', field: 'agency', message: t('bulk.agencyRequired') });
    if (reason.length > REASON_MAX) return setProblem({ form: 'assign', field: 'reason', message: t('bulk.reasonTooLong') });
    setProblem(undefined);
    void run(assignAgency(agency, reason || undefined));
  }

  return (
    <section className="bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('bulk.title')}</h2>
      <p aria-live="polite">{t('bulk.selected', { count })}</p>
      <div className="commands">
        <form className="command" aria-label={t('bulk.pause')} onSubmit={submitPause} noValidate>
          <h3>{t('bulk.pause')}</h3>
          <p className="muted">{t('bulk.pause.help')}</p>
          <fieldset disabled={Boolean(blocked)}>
            <Field name="reason" label={t('bulk.reason')} problem={problem?.form === 'pause' ? problem.message : undefined} />
            <button type="submit">{t('bulk.pauseSubmit', { count })}</button>
          </fieldset>
          {blocked && <p className="disabled-reason">{blocked}</p>}
        </form>
        <form className="command" aria-label={t('bulk.assign')} onSubmit={submitAssign} noValidate>
          <h3>{t('bulk.assign')}</h3>
          <fieldset disabled={Boolean(blocked)}>
            <Field name="agency" label={t('bulk.agency')} suggestions={props.agencies} problem={problem?.form === 'assign' && problem.field === 'agency' ? problem.message : undefined} />
            <Field name="reason" label={t('bulk.reasonOptional')} problem={problem?.form === 'assign' && problem.field === 'reason' ? problem.message : undefined} />
            <button type="submit">{t('bulk.assignSubmit', { count })}</button>
          </fieldset>
          {blocked && <p className="disabled-reason">{blocked}</p>}
        </form>
      </div>
      {progress && (
        <Progress
          progress={progress}
          cancelling={cancelling}
          onCancel={() => {
            cancelled.current = true;
            setCancelling(true);
          }}
        />
      )}
    </section>
  );
}

function Field(props: { name: string; label: string; suggestions?: readonly string[]; problem?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        maxLength={props.name === 'agency' ? 100 : REASON_MAX}
        list={props.suggestions?.length ? `${id}-list` : undefined}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? `${id}-problem` : undefined}
      />
      {props.suggestions && props.suggestions.length > 0 && (
        <datalist id={`${id}-list`}>
          {props.suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
      {props.problem && (
        <p id={`${id}-problem`} className="problem" role="alert">
          {props.problem}
        </p>
      )}
    </div>
  );
}

function Progress({ progress, cancelling, onCancel }: { progress: BulkProgress; cancelling: boolean; onCancel(): void }) {
  const { t } = useI18n();
  const { done, total, failures, notSent, running, cancelled, succeeded } = progress;
  const caseHref = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
  return (
    <div role="region" aria-label={t('bulk.progress')}>
      <progress value={done} max={total} aria-label={t('bulk.progress')} />
      <p role="status">
        {t('bulk.done', { done, total })}
        {!running && ` ${t('bulk.finished', { succeeded: succeeded.length, failed: failures.length })}`}
        {cancelled && ` ${t('bulk.cancelled', { notSent: notSent.length })}`}
      </p>
      {running && (
        <button type="button" onClick={onCancel} disabled={cancelling}>
          {t('bulk.cancel')}
        </button>
      )}
      {failures.length > 0 && (
        <>
          <h3 id="bulk-failures">{t('bulk.failures')}</h3>
          <ul aria-labelledby="bulk-failures">
            {failures.map(({ caseId, reason }) => (
              <li key={caseId}>
                <a href={`/console${caseHref(caseId)}`} onClick={(event) => followLink(event, caseHref(caseId))}>
                  {caseId}
                </a>
                : <span className="refused">{reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
