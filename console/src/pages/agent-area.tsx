// The agent's area, /queue, loaded on first visit (AgentQueue.tsx): the work queue of calls and visits that may be
// worked now (GET /v1/tasks), with each task's times in the debtor's zone; the
// queue and the page cursor live in the URL; the list follows the queue by
// polling while it is on screen. Claiming a task opens it (/queue/tasks/<id>).
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { debtorTime } from '../agent/local-time';
import { casePath, channelName, claimTask, taskPath } from '../agent/tasks';
import { useI18n } from '../i18n';
import { followLink, navigate, pathWithQuery, useLocation } from '../router';
import { useApi } from '../use-api';
import { AgentTaskPage } from './agent-task';
import { ApiProblem } from './ApiProblem';

const REFRESH_MS = 5_000;
const DEFAULT_QUEUE = 'early-stage';
/** The queues the shipped strategy and the channels' defaults fill; a strategy may name others, which the field takes too. */
const KNOWN_QUEUES = ['early-stage', 'senior', 'calls', 'field-visits'];

export default function AgentArea({ path }: { path: string }) {
  const { t } = useI18n();
  const taskId = /^\/queue\/tasks\/([^/]+)$/.exec(path)?.[1];
  if (taskId) return <AgentTaskPage taskId={decodeURIComponent(taskId)} />;
  if (path === '/queue') return <QueueList />;
  return <h1>{t('notFound.title')}</h1>;
}

function QueueList() {
  const { t, language } = useI18n();
  const { query } = useLocation();
  const queue = query.get('queue') || DEFAULT_QUEUE;
  const cursor = query.get('cursor') ?? undefined;
  const listId = useId();
  const [claiming, setClaiming] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const list = useApi(
    () => api.GET('/v1/tasks', { params: { query: { queue, ...(cursor && { cursor }) } } }).then(({ data, error, response }) => ({ data, error, status: response.status })),
    [queue, cursor],
    REFRESH_MS,
  );

  function pick(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = String(new FormData(event.currentTarget).get('queue') ?? '').trim();
    navigate(pathWithQuery('/queue', { queue: chosen || DEFAULT_QUEUE }));
  }

  async function claim(taskId: string) {
    setClaiming(taskId);
    setRefusal(undefined);
    const refused = await claimTask(taskId);
    setClaiming(undefined);
    if (!refused) return navigate(taskPath(taskId));
    setRefusal(t('agent.queue.refused', { message: refused }));
    list.reload();
  }

  const tasks = list.data?.tasks;
  const asOf = list.data?.asOf;
  const pageLink = (label: string, to: string) => (
    <a href={`/console${to}`} onClick={(event) => followLink(event, to)}>
      {label}
    </a>
  );
  return (
    <section>
      <h1>{t('agent.queue.title')}</h1>
      <p className="muted">{t('agent.queue.help')}</p>
      <form className="filters" onSubmit={pick} key={queue} aria-label={t('agent.queue.pick')}>
        <div className="field">
          <label htmlFor={`${listId}-queue`}>{t('agent.queue.name')}</label>
          <input id={`${listId}-queue`} name="queue" defaultValue={queue} list={`${listId}-queues`} maxLength={100} required />
          <datalist id={`${listId}-queues`}>
            {KNOWN_QUEUES.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div className="actions">
          <button type="submit">{t('agent.queue.show')}</button>
        </div>
      </form>
      <div aria-live="assertive">{refusal && <p role="alert" className="refused">{refusal}</p>}</div>
      {!tasks ? (
        <ApiProblem state={list} />
      ) : tasks.length === 0 ? (
        <p role="status">{t('agent.queue.empty', { queue })}</p>
      ) : (
        <table className="cases">
          <caption>{t('agent.queue.table', { queue })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agent.queue.col.task')}</th>
              <th scope="col">{t('agent.queue.col.case')}</th>
              <th scope="col">{t('agent.queue.col.step')}</th>
              <th scope="col">{t('agent.queue.col.channel')}</th>
              <th scope="col">{t('agent.queue.col.from')}</th>
              <th scope="col">{t('agent.queue.col.localNow')}</th>
              <th scope="col">{t('agent.queue.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.taskId}>
                <th scope="row">{task.taskId}</th>
                <td>
                  <a href={`/console${casePath(task.caseId)}`} onClick={(event) => followLink(event, casePath(task.caseId))}>
                    {task.caseId}
                  </a>
                </td>
                <td>{task.step}</td>
                <td>{channelName(t, task.channel)}</td>
                <td>
                  {debtorTime(task.dueAt, task.debtorTimeZone, language)}
                  {task.deferral && <div className="muted">{t('agent.queue.deferred', { reason: task.deferral.reason })}</div>}
                </td>
                <td>{task.debtorTimeZone ? debtorTime(asOf, task.debtorTimeZone, language) : t('agent.queue.zoneUnknown')}</td>
                <td>
                  <button type="button" onClick={() => void claim(task.taskId)} disabled={claiming !== undefined} aria-label={t('agent.queue.claim', { task: task.taskId })}>
                    {claiming === task.taskId ? t('agent.queue.claiming') : t('agent.queue.claimShort')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asOf && <p className="muted">{t('agent.queue.asOf', { time: debtorTime(asOf, undefined, language) })}</p>}
      <nav className="pager" aria-label={t('agent.queue.pager')}>
        {cursor && pageLink(t('agent.queue.first'), pathWithQuery('/queue', { queue }))}
        {list.data?.nextCursor && pageLink(t('agent.queue.next'), pathWithQuery('/queue', { queue, cursor: list.data.nextCursor }))}
      </nav>
    </section>
  );
}
