// The case's timeline from the audit trail (GET /v1/cases/{caseId}/timeline),
// oldest first, each event with its actor and reason. It reads again when the
// case shows a newer event, and while on screen, as the trail may lag the case.
import { useState } from 'react';
import { api, errorText, type TimelineEvent } from '../api/client';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';

const REFRESH_MS = 5_000;

export function Timeline({ caseId, latestSeq }: { caseId: string; latestSeq: number }) {
  const { t, language } = useI18n();
  const [more, setMore] = useState<{ events: TimelineEvent[]; nextCursor: string | null; forSeq: number }>();
  const [moreError, setMoreError] = useState<string>();
  const first = useApi(
    () =>
      api
        .GET('/v1/cases/{caseId}/timeline', { params: { path: { caseId } } })
        .then(({ data, error, response }) => ({ data, error, status: response.status })),
    [caseId, latestSeq],
    REFRESH_MS,
  );
  const extra = more?.forSeq === latestSeq ? more : undefined;
  const events = [...(first.data?.events ?? []), ...(extra?.events ?? [])];
  const nextCursor = extra ? extra.nextCursor : first.data?.nextCursor;

  async function loadMore() {
    if (!nextCursor) return;
    const { data, error } = await api.GET('/v1/cases/{caseId}/timeline', { params: { path: { caseId }, query: { cursor: nextCursor } } });
    if (!data) return setMoreError(errorText(error, 'timeline'));
    setMore({ events: [...(extra?.events ?? []), ...data.events], nextCursor: data.nextCursor, forSeq: latestSeq });
  }

  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{t('timeline.title')}</h2>
      {!first.data ? (
        <ApiProblem state={first} />
      ) : events.length === 0 ? (
        <p>{t('timeline.empty')}</p>
      ) : (
        <table className="timeline">
          <thead>
            <tr>
              <th scope="col">{t('timeline.at')}</th>
              <th scope="col">{t('timeline.type')}</th>
              <th scope="col">{t('timeline.actor')}</th>
              <th scope="col">{t('timeline.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.seq}>
                <td className="nowrap">{dateTime(event.at, language)}</td>
                <td>{event.type}</td>
                <td>{event.actor}</td>
                <td>{event.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          {t('timeline.more')}
        </button>
      )}
      {moreError && <p role="alert">{t('common.error', { message: moreError })}</p>}
    </section>
  );
}
