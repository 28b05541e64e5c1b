// The embedded mode's sign-in: pick a development identity; the API sets the
// session cookie. Where that is off, say what to do instead.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn } = useSession();
  const identities = session?.developmentIdentities;
  const [identity, setIdentity] = useState(identities?.[0]?.name);
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!identity) return;
    setSending(true);
    setFailure(await signIn(identity));
    setSending(false);
  }

  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      {!identities ? (
        <p>{t('signIn.unavailable')}</p>
      ) : (
        <form onSubmit={submit}>
          <p>{t('signIn.intro')}</p>
          <fieldset>
            <legend>{t('signIn.identity')}</legend>
            {identities.map((option) => (
              <label key={option.name} className="choice">
                <input type="radio" name="identity" value={option.name} checked={identity === option.name} onChange={() => setIdentity(option.name)} />
                {t(`role.${option.name}`)} <span className="muted">({option.subject})</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={sending}>
            {t('signIn.submit')}
          </button>
          {failure && <p role="alert">{t('signIn.failed', { message: failure })}</p>}
        </form>
      )}
    </section>
  );
}
