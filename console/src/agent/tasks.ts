// What the agent's pages share about tasks: where a task's page is, taking a
// task (the compliance guard decides then), and a channel's name.
import { api, errorText } from '../api/client';
import type { Translate } from '../i18n';

export const taskPath = (taskId: string) => `/queue/tasks/${encodeURIComponent(taskId)}`;
export const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

/** Takes the task for the signed-in agent. Answers the API's refusal (a deferral, a denial, another agent's claim), if any. */
export async function claimTask(taskId: string): Promise<string | undefined> {
  const { data, error } = await api.POST('/v1/tasks/{taskId}/claim', { params: { path: { taskId } } });
  return data ? undefined : errorText(error, 'claim failed');
}

/** A channel's name in the chosen language; a channel the console has no words for keeps its own name. */
export function channelName(t: Translate, channel: string): string {
  if (channel === 'phone') return t('agent.channel.phone');
  if (channel === 'field-visit') return t('agent.channel.field-visit');
  return channel;
}
