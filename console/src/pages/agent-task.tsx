// One task for the agent who holds it (GET /v1/tasks/<id>): whom to reach, the
// script to read in the debtor's language, the case as it is now (followed by
// polling, so a reported promise shows as what the case waits for), and the
// outcome form. Someone who does not hold the task sees it without the debtor's
// details and may claim it here.
import { useState, type ReactNode } from 'react';
import { api, type CaseView } from '../api/client';
import type { paths } from '../api/schema';
import { Figures } from '../agent/figures';
import { businessDayOf, debtorTime } from '../agent/local-time';
import { currencyDigits } from '../agent/outcome-report';
import { casePath, channelName, claimTask } from '../agent/tasks';
import { money } from '../format';
import { useI18n } from '../i18n';
import { followLink, pathWithQuery } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';
import { OutcomeForm } from './agent-outcome';

const CASE_REFRESH_MS = 5_000;

export type OpenedTask = paths['/v1/tasks/{taskId}']['get']['responses'][200]['content']['application/json'];

export function AgentTaskPage({ taskId }: { taskId: string }) {
  const { t, language } = useI18n();
  const { session } = useSession();
  const [refusal, setRefusal] = useState<string>();
  const read = useApi(
    () => api.GET('/v1/tasks/{taskId}', { params: { path: { taskId } } }).then(({ data, error, response }) => ({ data, error, status: response.status })),
    [taskId],
  );
  const task = read.data;
  const caseRead = useApi(
    async () => {
      if (!task) return {};
      const { data, error, response } = await api.GET('/v1/cases/{caseId}', { params: { path: { caseId: task.caseId } } });
      return { data: data?.case, error, status: response.status };
    },
    [task?.caseId],
    CASE_REFRESH_MS,
  );

  async function claim() {
    setRefusal(undefined);
    const refused = await claimTask(taskId);
    if (refused) setRefusal(t('agent.queue.refused', { message: refused }));
    read.reload();
  }

  const queuePath = task ? pathWithQuery('/queue', { queue: task.queue }) : '/queue';
  const back = (
    <p>
      <a href={`/console${queuePath}`} onClick={(event) => followLink(event, queuePath)}>
        {t('agent.task.back')}
      </a>
    </p>
  );
  if (!task) {
    return (
      <section>
        <h1>{t('agent.task.title', { task: taskId })}</h1>
        {back}
        <ApiProblem state={read} />
      </section>
    );
  }
  const view = caseRead.data;
  const zone = task.debtorTimeZone;
  const held = task.status === 'open' && task.claim?.agent === session?.principal?.subject && task.debtor !== null;
  const figures: [string, ReactNode][] = [
    [
      t('agent.task.case'),
      <a href={`/console${casePath(task.caseId)}`} onClick={(event) => followLink(event, casePath(task.caseId))}>
        {task.caseId}
      </a>,
    ],
    [t('agent.task.step'), task.step],
    [t('agent.task.channel'), channelName(t, task.channel)],
    [t('agent.task.status'), t(`agent.task.status.${task.status}`)],
    [t('agent.task.localNow'), view ? debtorTime(view.asOf, zone, language) : '—'],
  ];
  return (
    <section>
      <h1>{t('agent.task.title', { task: taskId })}</h1>
      {back}
      <Figures figures={figures} />
      {held && task.claim && <p>{t('agent.task.claimedUntil', { until: debtorTime(task.claim.until, zone, language) })}</p>}
      {task.status === 'done' && (
        <p>{t('agent.task.reported', { outcome: t(`agent.outcome.${task.outcome!}`), agent: task.agent ?? '—', at: debtorTime(task.completedAt, zone, language) })}</p>
      )}
      {task.status === 'withdrawn' && <p>{t('agent.task.withdrawn', { reason: task.withdrawal?.reason ?? '—' })}</p>}
      {task.status === 'open' && !held && (
        <div>
          <p>{t('agent.task.notHeld')}</p>
          <button type="button" onClick={() => void claim()}>
            {t('agent.task.claim')}
          </button>
          <div aria-live="assertive">{refusal && <p role="alert" className="refused">{refusal}</p>}</div>
        </div>
      )}
      {held && <Debtor task={task} />}
      {held && <Script task={task} />}
      {view && <CaseNow view={view} />}
      {view && (
        <OutcomeForm
          taskId={taskId}
          currency={view.currency}
          digits={currencyDigits(view.currency)}
          today={businessDayOf(view.asOf ?? new Date().toISOString())}
          disabledBecause={held ? undefined : task.status === 'open' ? t('agent.task.notHeld') : t(`agent.task.status.${task.status}`)}
          onReported={() => {
            read.reload();
            caseRead.reload();
          }}
        />
      )}
    </section>
  );
}

function Debtor({ task }: { task: OpenedTask }) {
  const { t } = useI18n();
  const debtor = task.debtor ?? {};
  return (
    <section aria-labelledby="agent-debtor">
      <h2 id="agent-debtor">{t('agent.task.debtor')}</h2>
      <Figures
        figures={[
          [t('agent.task.debtorName'), debtor.name],
          [t('agent.task.debtorPhone'), debtor.phone && <a href={`tel:${debtor.phone}`}>{debtor.phone}</a>],
          [t('agent.task.debtorAddress'), debtor.address],
        ]}
      />
    </section>
  );
}

function Script({ task }: { task: OpenedTask }) {
  const { t } = useI18n();
  const script = task.script;
  return (
    <section aria-labelledby="agent-script" className="waiting">
      <h2 id="agent-script">{t('agent.task.script')}</h2>
      {script ? (
        <div lang={script.locale}>
          {script.paragraphs.map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      ) : (
        <p>{t('agent.task.scriptNone')}</p>
      )}
    </section>
  );
}

function CaseNow({ view }: { view: CaseView }) {
  const { t, language } = useI18n();
  const waiting = view.waitingFor ?? [];
  return (
    <section aria-labelledby="agent-case-now">
      <h2 id="agent-case-now">{t('agent.task.caseNow')}</h2>
      <Figures
        figures={[
          [t('agent.task.caseDpd'), view.daysPastDue],
          [t('agent.task.caseBalance'), money(view.balance, view.currency, language)],
        ]}
      />
      <h3 id="agent-waiting">{t('agent.task.waitingFor')}</h3>
      {waiting.length === 0 ? (
        <p>{t('agent.task.nothingWaiting')}</p>
      ) : (
        <ul aria-labelledby="agent-waiting">
          {waiting.map((wait, index) => (
            <li key={index}>{wait.until ? `${wait.reason} (${debtorTime(wait.until, undefined, language)})` : wait.reason}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
