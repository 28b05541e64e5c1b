// The agent's pages, under /queue: the work queue, and a task with its script
// and outcome form at /queue/tasks/<taskId> (agent-area.tsx). They load on first
// visit, so the other roles' console does not carry them.
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n';

const AgentArea = lazy(() => import('./agent-area'));

export function AgentQueuePage({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <AgentArea path={path} />
    </Suspense>
  );
}
