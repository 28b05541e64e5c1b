// Pause and resume, each a form with its validation. A command the case cannot
// take now is disabled with the reason; one the API still refuses (the case
// changed meanwhile) shows the API's own reason, and the page reads the case again.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorText, type CaseView } from '../api/client';
import { instantOfLocalInput } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { useSession } from '../session';

const REASON_MAX = 500;

export function CaseCommands({ view, onChanged }: { view: CaseView; onChanged(): void }) {
  const { t } = useI18n();
  const { has } = useSession();
  const refusal = (whenAllowed: MessageKey | undefined): string | undefined => {
    if (!has('supervisor')) return t('commands.disabled.role');
    if (view.status === 'closed') return t('commands.disabled.closed');
    return whenAllowed && t(whenAllowed);
  };
  const caseId = view.caseId;

  return (
    <section aria-labelledby="commands">
      <h2 id="commands">{t('commands.title')}</h2>
      <div className="commands">
        <CommandForm
          title={t('commands.pause')}
          help={t('commands.pause.help')}
          submit={t('commands.pauseSubmit')}
          done={t('commands.done.pause')}
          disabledBecause={refusal(view.paused ? 'commands.disabled.paused' : undefined)}
          onChanged={onChanged}
          send={(form) => {
            const until = String(form.get('until') ?? '');
            return api.POST('/v1/cases/{caseId}/commands/pause', {
              params: { path: { caseId } },
              body: { reason: String(form.get('reason')).trim(), ...(until && { until: instantOfLocalInput(until) }) },
            });
          }}
          validate={(form) => {
            const problems: Record<string, string> = {};
            const reason = String(form.get('reason') ?? '').trim();
            if (!reason) problems.reason = t('commands.reasonRequired');
            else if (reason.length > REASON_MAX) problems.reason = t('commands.reasonTooLong');
            const until = String(form.get('until') ?? '');
            if (until && new Date(until).getTime() <= Date.now()) problems.until = t('commands.untilPast');
            return problems;
          }}
          fields={(problems, ids) => (
            <>
              <Field id={ids.reason} label={t('commands.reason')} problem={problems.reason}>
                <textarea id={ids.reason} name="reason" required maxLength={REASON_MAX} rows={2} aria-invalid={Boolean(problems.reason)} aria-describedby={problems.reason && `${ids.reason}-problem`} />
              </Field>
              <Field id={ids.until} label={t('commands.until')} problem={problems.until}>
                <input id={ids.until} name="until" type="datetime-local" aria-invalid={Boolean(problems.until)} aria-describedby={problems.until && `${ids.until}-problem`} />
              </Field>
            </>
          )}
        />
        <CommandForm
          title={t('commands.resume')}
          help={t('commands.resume.help')}
          submit={t('commands.resumeSubmit')}
          done={t('commands.done.resume')}
          disabledBecause={refusal(view.paused ? undefined : 'commands.disabled.notPaused')}
          onChanged={onChanged}
          send={(form) => {
            const reason = String(form.get('reason') ?? '').trim();
            return api.POST('/v1/cases/{caseId}/commands/resume', { params: { path: { caseId } }, body: reason ? { reason } : {} });
          }}
          validate={(form): Record<string, string> =>
            String(form.get('reason') ?? '').trim().length > REASON_MAX ? { reason: t('commands.reasonTooLong') } : {}
          }
          fields={(problems, ids) => (
            <Field id={ids.reason} label={t('commands.reasonOptional')} problem={problems.reason}>
              <textarea id={ids.reason} name="reason" maxLength={REASON_MAX} rows={2} aria-invalid={Boolean(problems.reason)} aria-describedby={problems.reason && `${ids.reason}-problem`} />
            </Field>
          )}
        />
      </div>
    </section>
  );
}

interface CommandFormProps {
  title: string;
  help: string;
  submit: string;
  done: string;
  disabledBecause?: string;
  onChanged(): void;
  send(form: FormData): Promise<{ data?: unknown; error?: Parameters<typeof errorText>[0] }>;
  validate(form: FormData): Record<string, string>;
  fields(problems: Record<string, string>, ids: { reason: string; until: string }): ReactNode;
}

function CommandForm(props: CommandFormProps) {
  const { t } = useI18n();
  const id = useId();
  const ids = { reason: `${id}-reason`, until: `${id}-until` };
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);
  const disabled = Boolean(props.disabledBecause);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const found = props.validate(form);
    setProblems(found);
    setOutcome(undefined);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    const { data, error } = await props.send(form);
    setSending(false);
    if (data) {
      formElement.reset();
      setOutcome({ ok: true, text: props.done });
    } else {
      setOutcome({ ok: false, text: t('commands.rejected', { message: errorText(error, '') }) });
    }
    props.onChanged();
  }

  return (
    <form className="command" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} aria-describedby={disabled ? `${id}-disabled` : undefined}>
      <h3 id={`${id}-title`}>{props.title}</h3>
      <p className="muted">{props.help}</p>
      <fieldset disabled={disabled || sending}>{props.fields(problems, ids)}</fieldset>
      {disabled && (
        <p id={`${id}-disabled`} className="disabled-reason">
          {props.disabledBecause}
        </p>
      )}
      <button type="submit" disabled={disabled || sending}>
        {sending ? t('commands.sending') : props.submit}
      </button>
      <div aria-live="polite">{outcome && <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'refused'}>{outcome.text}</p>}</div>
    </form>
  );
}

function Field({ id, label, problem, children }: { id: string; label: string; problem?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {problem && (
        <p id={`${id}-problem`} className="problem">
          {problem}
        </p>
      )}
    </div>
  );
}
