// One supervisor command as a form: its fields, checked before sending; the
// reason it is disabled now, when it is; the API's own reason when it refuses
// (409, or a field it finds wrong), after which the page reads the case again.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorText } from '../api/client';
import { useI18n } from '../i18n';

export const REASON_MAX = 500;

/** A field of a command form; `check` says what is wrong with its value, if anything. */
export interface CommandField {
  name: string;
  label: string;
  kind: 'textarea' | 'text' | 'datetime-local' | 'date' | 'number' | 'select';
  required?: boolean;
  maxLength?: number;
  options?: { value: string; label: string }[];
  inputMode?: 'decimal' | 'numeric';
  defaultValue?: string;
  check?(value: string): string | undefined;
}

export interface CommandFormProps {
  title: string;
  help: string;
  submit: string;
  done: string;
  disabledBecause?: string;
  fields: CommandField[];
  onChanged(): void;
  /** The call, with the fields' values trimmed; `data` when the API took it. */
  send(values: Record<string, string>): Promise<{ data?: unknown; error?: Parameters<typeof errorText>[0] }>;
}

export function CommandForm(props: CommandFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);
  const disabled = Boolean(props.disabledBecause);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const values = Object.fromEntries(props.fields.map((field) => [field.name, String(form.get(field.name) ?? '').trim()]));
    const found: Record<string, string> = {};
    for (const field of props.fields) {
      const problem = field.check?.(values[field.name]);
      if (problem) found[field.name] = problem;
    }
    setProblems(found);
    setOutcome(undefined);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    const { data, error } = await props.send(values);
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
      <fieldset disabled={disabled || sending}>
        {props.fields.map((field) => (
          <Field key={field.name} id={`${id}-${field.name}`} label={field.label} problem={problems[field.name]}>
            <Control field={field} id={`${id}-${field.name}`} problem={problems[field.name]} />
          </Field>
        ))}
      </fieldset>
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

function Control({ field, id, problem }: { field: CommandField; id: string; problem?: string }) {
  const common = {
    id,
    name: field.name,
    required: field.required,
    defaultValue: field.defaultValue,
    'aria-invalid': Boolean(problem),
    'aria-describedby': problem && `${id}-problem`,
  };
  if (field.kind === 'textarea') return <textarea {...common} maxLength={field.maxLength} rows={2} />;
  if (field.kind === 'select') {
    return (
      <select {...common}>
        {field.options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  }
  return <input {...common} type={field.kind === 'number' ? 'text' : field.kind} inputMode={field.inputMode} maxLength={field.maxLength} />;
}

export function Field({ id, label, problem, children }: { id: string; label: string; problem?: string; children: ReactNode }) {
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
