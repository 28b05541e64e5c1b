// A debtor's reply on a digital channel, as the use case mapped it: the overdue
// reason the reply's words name, recorded with the debtor as its source and then
// doing what the strategy says the reason does. A signal cannot be refused: a
// reply that named no reason, or came to a run from before debtors' replies,
// is noted and changes nothing else. The words themselves stay with the use case.
import { setHandler } from '@temporalio/workflow';
import { isOverdueReason } from '../../domain';
import { record } from './case-state';
import type { CaseControl } from './commands';
import * as messages from './messages';
import { reasonRecorded } from './reason-effects';

/** The case remembers this many replies' references, enough for a provider's retries. */
const REPLY_LIMIT = 50;

export function installDebtorReplyHandler(control: CaseControl): void {
  const { state, features } = control;
  setHandler(messages.debtorReply, (reply) => {
    if (state.closure || !features.reasonEffects || (state.repliesHeard ?? []).includes(reply.reference)) return;
    state.repliesHeard = [...(state.repliesHeard ?? []), reply.reference].slice(-REPLY_LIMIT);
    const now = control.now();
    const actor = `debtor:${reply.channel}`;
    if (reply.code === undefined || !isOverdueReason(reply.code)) {
      record(state, now, 'command', actor, `the debtor replied by ${reply.channel} (${reply.reference}); the reply names no overdue reason`, { channel: reply.channel, reference: reply.reference });
    } else {
      const note = reply.matched === undefined ? undefined : `replied "${reply.matched}"`;
      reasonRecorded(state, features, now, { code: reply.code, ...(note && { note }), actor, source: 'debtor', channel: reply.channel });
    }
    control.wake();
  });
}
