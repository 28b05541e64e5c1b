// The case's timeline from the audit trail (GET /v1/cases/{caseId}/timeline),
// oldest first, each event with its actor and reason, and each reveal of the
// debtor's contact details after the event it followed. It reads again when the
// case shows a newer event or a reveal is made here, and while on screen, as the
// trail may lag the case.
import { useState } from 'react';
import { api, errorText, type TimelineEvent } from '../api/client';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';

const REFRESH_MS = 5_000;

export function Timeline({ caseId, latestSeq, reveals = 0 }: { caseId: string; latestSeq: number; reveals?: number }) {
  const { t, language } = useI18n();
  const [more, setMore] = useState<{ events: TimelineEvent[]; nextCursor: string | null; forSeq: number }>();
  const [moreError, setMoreError] = useState<string>();
  const first = useApi(
    () =>
      api
        .GET('/v1/cases/{caseId}/timeline', { params: { path: { caseId } } })
        .then(({ data, error, response }) => ({ data, error, status: response.status })),
    [caseId, latestSeq, reveals],
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
            {events.map((event, index) => (
              // A reveal carries the seq of the event it followed.
              <tr key={`${event.seq}:${event.type}:${index}`}>
                <td className="nowrap">{dateTime(event.at, language)}</td>
                <td>{event.type === 'contact-revealed' ? t('timeline.contactRevealed', { actor: event.actor }) : event.type}</td>
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
