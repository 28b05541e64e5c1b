// The outcome form: how the call or visit went, with the promise's amount and
// date, the dispute's reason, and the reason for the arrears when the debtor gave
// one. Checked here before sending (agent/outcome-report.ts); what the API still
// refuses (4xx, 409) is shown in its own words.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorText } from '../api/client';
import { ARREARS_REASON_WORDS, CONVERSATIONS, NOTE_MAX, OUTCOMES, problemsOf, reportOf, type Outcome, type OutcomeForm as Fields, type Problems } from '../agent/outcome-report';
import { useI18n } from '../i18n';

interface OutcomeFormProps {
  taskId: string;
  currency: string;
  /** Decimal places of the currency's minor unit. */
  digits: number;
  /** The business day (YYYY-MM-DD): a promise may not be dated before it. */
  today: string;
  /** Why the form is disabled: the agent does not hold the task, or it was worked. */
  disabledBecause?: string;
  onReported(): void;
}

const text = (form: FormData, name: keyof Fields) => String(form.get(name) ?? '');

export function OutcomeForm({ taskId, currency, digits, today, disabledBecause, onReported }: OutcomeFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [outcome, setOutcome] = useState<Outcome>();
  const [problems, setProblems] = useState<Problems>({});
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);
  const disabled = Boolean(disabledBecause);

  const problemText = (name: keyof Fields): string | undefined => {
    const problem = problems[name];
    if (!problem) return undefined;
    return problem === 'amount' ? t('agent.outcome.problem.amount', { digits }) : t(`agent.outcome.problem.${problem}`);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields: Fields = {
      outcome: text(form, 'outcome'),
      amount: text(form, 'amount'),
      date: text(form, 'date'),
      disputeReason: text(form, 'disputeReason'),
      arrearsReason: text(form, 'arrearsReason'),
      arrearsNote: text(form, 'arrearsNote'),
    };
    const found = problemsOf(fields, { digits, today });
    setProblems(found);
    setResult(undefined);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    const { data, error } = await api.POST('/v1/tasks/{taskId}/outcome', { params: { path: { taskId } }, body: reportOf(fields, digits) });
    setSending(false);
    if (data) setResult({ ok: true, text: data.caseNotified ? t('agent.outcome.done') : t('agent.outcome.doneCaseClosed') });
    else setResult({ ok: false, text: t('agent.outcome.rejected', { message: errorText(error, '') }) });
    onReported();
  }

  const field = (name: keyof Fields, label: string, control: (describedBy: string | undefined) => ReactNode) => {
    const problem = problemText(name);
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {control(problem ? `${id}-${name}-problem` : undefined)}
        {problem && (
          <p id={`${id}-${name}-problem`} className="problem">
            {problem}
          </p>
        )}
      </div>
    );
  };

  return (
    <form className="command" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} aria-describedby={disabled ? `${id}-disabled` : undefined}>
      <h2 id={`${id}-title`}>{t('agent.outcome.title')}</h2>
      <fieldset disabled={disabled || sending} aria-describedby={problems.outcome && `${id}-outcome-problem`}>
        <legend>{t('agent.outcome.legend')}</legend>
        {OUTCOMES.map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" name="outcome" value={choice} checked={outcome === choice} onChange={() => setOutcome(choice)} /> {t(`agent.outcome.${choice}`)}
          </label>
        ))}
        {problems.outcome && (
          <p id={`${id}-outcome-problem`} className="problem">
            {problemText('outcome')}
          </p>
        )}
      </fieldset>
      {outcome && (
        <fieldset disabled={disabled || sending}>
          {outcome === 'promise-to-pay' && (
            <>
              {field('amount', t('agent.outcome.amount', { currency }), (describedBy) => (
                <input id={`${id}-amount`} name="amount" inputMode="decimal" autoComplete="off" required aria-invalid={Boolean(describedBy)} aria-describedby={describedBy} />
              ))}
              {field('date', t('agent.outcome.date'), (describedBy) => (
                <input id={`${id}-date`} name="date" type="date" min={today} required aria-invalid={Boolean(describedBy)} aria-describedby={describedBy} />
              ))}
            </>
          )}
          {outcome === 'dispute' &&
            field('disputeReason', t('agent.outcome.disputeReason'), (describedBy) => (
              <textarea id={`${id}-disputeReason`} name="disputeReason" rows={2} maxLength={NOTE_MAX} required aria-invalid={Boolean(describedBy)} aria-describedby={describedBy} />
            ))}
          {CONVERSATIONS.includes(outcome) && (
            <>
              {field('arrearsReason', t('agent.outcome.arrearsReason'), () => (
                <select id={`${id}-arrearsReason`} name="arrearsReason" defaultValue="">
                  <option value="">{t('agent.outcome.noReason')}</option>
                  {Object.entries(ARREARS_REASON_WORDS).map(([code, words]) => (
                    <option key={code} value={code}>
                      {t(words)}
                    </option>
                  ))}
                </select>
              ))}
              {field('arrearsNote', t('agent.outcome.arrearsNote'), (describedBy) => (
                <textarea id={`${id}-arrearsNote`} name="arrearsNote" rows={2} maxLength={NOTE_MAX} aria-invalid={Boolean(describedBy)} aria-describedby={describedBy} />
              ))}
            </>
          )}
        </fieldset>
      )}
      {disabled && (
        <p id={`${id}-disabled`} className="disabled-reason">
          {disabledBecause}
        </p>
      )}
      <button type="submit" disabled={disabled || sending}>
        {sending ? t('agent.outcome.sending') : t('agent.outcome.submit')}
      </button>
      <div aria-live="polite">{result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'refused'}>{result.text}</p>}</div>
    </form>
  );
}
