// The loan and the debtor: the loan's figures and schedule, and the contact
// details masked until a supervisor reveals them for a reason. The API records
// every reveal before it answers; the details then stay in this component only
// (never in storage or the URL) until masked again or the page is left.
import { useId, useState, type FormEvent } from 'react';
import { api, errorText, type CaseDetail } from '../api/client';
import { dateTime, money } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Field, REASON_MAX } from './case-command-form';

const CONTACT_FIELDS = ['name', 'phone', 'address', 'nationalId'] as const;
type Contact = Partial<Record<(typeof CONTACT_FIELDS)[number], string>>;

export function LoanAndContact({ detail, onRevealed }: { detail: CaseDetail; onRevealed(): void }) {
  const { t, language } = useI18n();
  const { loan } = detail;
  return (
    <section aria-labelledby="loan-and-debtor">
      <h2 id="loan-and-debtor">{t('particulars.loanTitle')}</h2>
      {!loan ? (
        <p>{t('particulars.noLoan')}</p>
      ) : (
        <>
          <dl className="figures">
            {(
              [
                [t('particulars.principal'), money(loan.principal, loan.currency, language)],
                [t('particulars.outstanding'), money(loan.outstanding, loan.currency, language)],
                [t('particulars.product'), loan.product],
                [t('particulars.lastPayment'), loan.lastPaymentDate ?? '—'],
                [t('particulars.debtorPlace'), `${loan.debtor.country} · ${loan.debtor.timeZone}`],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <details>
            <summary>{t('particulars.installments')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('particulars.installment.seq')}</th>
                  <th scope="col">{t('particulars.installment.due')}</th>
                  <th scope="col" className="number">{t('particulars.installment.amountDue')}</th>
                  <th scope="col" className="number">{t('particulars.installment.amountPaid')}</th>
                </tr>
              </thead>
              <tbody>
                {loan.installments.map((installment) => (
                  <tr key={installment.seq}>
                    <td>{installment.seq}</td>
                    <td>{installment.dueDate}</td>
                    <td className="number">{money(installment.amountDue, loan.currency, language)}</td>
                    <td className="number">{money(installment.amountPaid, loan.currency, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
      <ContactDetails caseId={detail.case.caseId} masked={detail.contact} onRevealed={onRevealed} />
    </section>
  );
}

function ContactDetails({ caseId, masked, onRevealed }: { caseId: string; masked: Contact | null; onRevealed(): void }) {
  const { t, language } = useI18n();
  const { has } = useSession();
  const id = useId();
  const [revealed, setRevealed] = useState<{ contact: Contact; by: string; at: string; caseId: string }>();
  const [problem, setProblem] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const shown = revealed?.caseId === caseId ? revealed : undefined;
  const allowed = has('supervisor');

  async function reveal(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const reason = String(new FormData(formElement).get('reason') ?? '').trim();
    setRefusal(undefined);
    const found = !reason ? t('commands.reasonRequired') : reason.length > REASON_MAX ? t('commands.reasonTooLong') : undefined;
    setProblem(found);
    if (found) return;
    setSending(true);
    const { data, error } = await api.POST('/v1/cases/{caseId}/contact/reveal', { params: { path: { caseId } }, body: { reason } });
    setSending(false);
    if (!data) return setRefusal(t('contact.refused', { message: errorText(error, '') }));
    formElement.reset();
    setRevealed({ contact: data.contact, by: data.revealedBy, at: data.revealedAt, caseId });
    onRevealed();
  }

  const contact = shown?.contact ?? masked;
  return (
    <>
      <h3 id={`${id}-title`}>{t('contact.title')}</h3>
      {!contact || CONTACT_FIELDS.every((field) => contact[field] === undefined) ? (
        <p>{t('contact.none')}</p>
      ) : (
        <dl className="figures" aria-labelledby={`${id}-title`}>
          {CONTACT_FIELDS.filter((field) => contact[field] !== undefined).map((field) => (
            <div key={field}>
              <dt>{t(`contact.${field}`)}</dt>
              <dd>{contact[field]}</dd>
            </div>
          ))}
        </dl>
      )}
      {shown ? (
        <p role="status">
          {t('contact.revealed', { actor: shown.by, at: dateTime(shown.at, language) })}{' '}
          <button type="button" className="link" onClick={() => setRevealed(undefined)}>
            {t('contact.hide')}
          </button>
        </p>
      ) : (
        masked && (
          <form className="command narrow" onSubmit={reveal} noValidate aria-labelledby={`${id}-reveal`} aria-describedby={allowed ? `${id}-masked` : `${id}-disabled`}>
            <h4 id={`${id}-reveal`}>{t('contact.reveal')}</h4>
            <p id={`${id}-masked`} className="muted">
              {t('contact.masked')}
            </p>
            <fieldset disabled={!allowed || sending}>
              <Field id={`${id}-reason`} label={t('contact.revealReason')} problem={problem}>
                <textarea
                  id={`${id}-reason`}
                  name="reason"
                  required
                  maxLength={REASON_MAX}
                  rows={2}
                  aria-invalid={Boolean(problem)}
                  aria-describedby={problem && `${id}-reason-problem`}
                />
              </Field>
            </fieldset>
            {!allowed && (
              <p id={`${id}-disabled`} className="disabled-reason">
                {t('contact.disabled.role')}
              </p>
            )}
            <button type="submit" disabled={!allowed || sending}>
              {sending ? t('commands.sending') : t('contact.revealSubmit')}
            </button>
            <div aria-live="polite">{refusal && <p role="alert" className="refused">{refusal}</p>}</div>
          </form>
        )
      )}
    </>
  );
}
