// Signing in. Where an identity provider is configured, a link to it: the API
// runs the OIDC code flow and comes back to the page the URL named, signed in.
// In the embedded mode, a development identity to pick. Where neither is on,
// what to do instead. A sign-in the API refused comes back with ?signInError.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { useLocation } from '../router';
import { useSession } from '../session';

const FAILURES = ['expired', 'state', 'denied', 'unavailable', 'exchange', 'token', 'roles'] as const;

export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn } = useSession();
  const { path, query } = useLocation();
  const identities = session?.developmentIdentities;
  const provider = session?.oidc;
  const [identity, setIdentity] = useState(identities?.[0]?.name);
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);

  const refused = FAILURES.find((reason) => reason === query.get('signInError'));
  const kept = new URLSearchParams(query);
  kept.delete('signInError');
  const returnTo = kept.toString() ? `${path}?${kept}` : path;

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
      {refused && (
        <p role="alert" className="problem">
          {t(`signIn.error.${refused}` as MessageKey)}
        </p>
      )}
      {provider && (
        <>
          <p>{t('signIn.providerIntro', { name: provider.name })}</p>
          <p>
            {/* A navigation, not a call: the API answers with the provider's authorize page. */}
            <a className="button" href={`/v1/session/oidc?${new URLSearchParams({ returnTo })}`}>
              {t('signIn.provider', { name: provider.name })}
            </a>
          </p>
        </>
      )}
      {!identities && !provider && <p>{t('signIn.unavailable')}</p>}
      {identities && (
        <form onSubmit={submit}>
          <p>{provider ? t('signIn.developmentOr') : t('signIn.intro')}</p>
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
