// What the debtor asked us to stop sending: each channel, or every electronic one,
// with when, how (the message's page, a mail client's one-click, a STOP reply, a
// supervisor) and through which loan. The guard denies those channels. A supervisor
// records an opt-out the debtor asked for by other means, with a note of how.
import { useId, useState, type FormEvent } from 'react';
import { api, errorText, type CaseDetail } from '../api/client';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Field, REASON_MAX } from './case-command-form';

const SCOPES = ['email', 'app-push', 'im', 'sms', 'all-electronic'] as const;

export function OptOuts({ detail, onChanged }: { detail: CaseDetail; onChanged(): void }) {
  const { t, language } = useI18n();
  const { optOuts } = detail;
  const { loanId } = detail.case;
  return (
    <section aria-labelledby="opt-outs">
      <h2 id="opt-outs">{t('optOuts.title')}</h2>
      {optOuts.length === 0 ? (
        <p>{t('optOuts.none')}</p>
      ) : (
        <table>
          <caption>{t('optOuts.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('optOuts.scope')}</th>
              <th scope="col">{t('optOuts.at')}</th>
              <th scope="col">{t('optOuts.method')}</th>
              <th scope="col">{t('optOuts.note')}</th>
            </tr>
          </thead>
          <tbody>
            {optOuts.map((optOut) => (
              <tr key={optOut.scope}>
                <td>{t(`optOuts.scope.${optOut.scope}`)}</td>
                <td className="nowrap">{dateTime(optOut.at, language)}</td>
                <td>
                  {t(`optOuts.method.${optOut.method}`)}
                  {optOut.actor !== 'debtor' && ` · ${optOut.actor}`}
                </td>
                <td>
                  {[optOut.note, optOut.loanId !== loanId && t('optOuts.otherLoan', { loanId: optOut.loanId })].filter(Boolean).join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RecordOptOut caseId={detail.case.caseId} closed={detail.case.status !== 'open'} onChanged={onChanged} />
    </section>
  );
}

function RecordOptOut({ caseId, closed, onChanged }: { caseId: string; closed: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const { has } = useSession();
  const id = useId();
  const [problem, setProblem] = useState<string>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);
  const disabledBecause = !has('supervisor') ? t('optOuts.disabled.role') : closed ? t('commands.disabled.closed') : undefined;

  async function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const scope = String(form.get('scope')) as (typeof SCOPES)[number];
    const note = String(form.get('note') ?? '').trim();
    setOutcome(undefined);
    const found = !note ? t('optOuts.noteRequired') : note.length > REASON_MAX ? t('commands.reasonTooLong') : undefined;
    setProblem(found);
    if (found) return;
    setSending(true);
    const { data, error } = await api.POST('/v1/cases/{caseId}/opt-outs', { params: { path: { caseId } }, body: { scope, note } });
    setSending(false);
    if (!data) return setOutcome({ ok: false, text: t('commands.rejected', { message: errorText(error, '') }) });
    formElement.reset();
    setOutcome({ ok: true, text: t(data.recorded ? 'optOuts.recorded' : 'optOuts.already') });
    onChanged();
  }

  return (
    <form className="command narrow" onSubmit={record} noValidate aria-labelledby={`${id}-title`} aria-describedby={disabledBecause ? `${id}-disabled` : `${id}-help`}>
      <h3 id={`${id}-title`}>{t('optOuts.record')}</h3>
      <p id={`${id}-help`} className="muted">
        {t('optOuts.record.help')}
      </p>
      <fieldset disabled={Boolean(disabledBecause) || sending}>
        <Field id={`${id}-scope`} label={t('optOuts.scope')}>
          <select id={`${id}-scope`} name="scope" defaultValue="email">
            {SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {t(`optOuts.scope.${scope}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-note`} label={t('optOuts.noteLabel')} problem={problem}>
          <textarea
            id={`${id}-note`}
            name="note"
            required
            maxLength={REASON_MAX}
            rows={2}
            aria-invalid={Boolean(problem)}
            aria-describedby={problem && `${id}-note-problem`}
          />
        </Field>
      </fieldset>
      {disabledBecause && (
        <p id={`${id}-disabled`} className="disabled-reason">
          {disabledBecause}
        </p>
      )}
      <button type="submit" disabled={Boolean(disabledBecause) || sending}>
        {sending ? t('commands.sending') : t('optOuts.recordSubmit')}
      </button>
      <div aria-live="polite">{outcome && <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? undefined : 'refused'}>{outcome.text}</p>}</div>
    </form>
  );
}
