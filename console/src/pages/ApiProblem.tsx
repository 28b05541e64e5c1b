// What a page shows while its read is under way or after it failed: loading,
// the role it needs (403), or the API's own message with a way to try again.
import { errorText } from '../api/client';
import { useI18n } from '../i18n';
import type { ApiState } from '../use-api';

export function ApiProblem({ state, forbidden }: { state: ApiState<unknown>; forbidden?: string }) {
  const { t } = useI18n();
  if (!state.error) return <p role="status">{t('common.loading')}</p>;
  if (state.status === 403 && forbidden) return <p role="alert">{forbidden}</p>;
  return (
    <div role="alert">
      <p>{t('common.error', { message: errorText(state.error, String(state.status ?? '')) })}</p>
      <button type="button" onClick={state.reload}>
        {t('common.retry')}
      </button>
    </div>
  );
}
