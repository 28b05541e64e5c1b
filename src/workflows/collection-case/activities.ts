// The case's activity proxies, one per retry profile, and the request it hands a
// channel: everything the guard and the channel need, and no PII.
import { proxyActivities } from '@temporalio/workflow';
import { idempotencyKeyFor, type Action, type ActionRequest, type Channel } from '../../domain';
import type { CaseActivities } from '../../activities/case-activities';
import { dpdOf, holdKinds, isTimeBarred, nowOf, type CaseState } from './case-state';

/** Outbound channels: provider calls retry on timeouts and 5xx; a 4xx fails at once and the fallback is used. */
export const channels = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/** Audit trail, read model and contact-log writes: idempotent, retried until they land. */
export const records = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The request for action `seq` as the case stands now; a deferred action asks again with the same seq. */
export function actionRequest(
  state: CaseState,
  seq: number,
  step: string,
  channel: Channel,
  action: Pick<Action, 'template' | 'parameters'>,
): ActionRequest {
  const now = Date.now();
  const holds = holdKinds(state);
  return {
    caseId: state.caseId,
    loanId: state.loan.loanId,
    seq,
    idempotencyKey: idempotencyKeyFor(state.caseId, seq),
    step,
    channel,
    template: action.template,
    parameters: action.parameters,
    debtor: state.loan.debtor,
    balance: state.loan.outstanding,
    currency: state.loan.currency,
    daysPastDue: dpdOf(state, now),
    atMs: nowOf(state, now),
    timeBarred: isTimeBarred(state, now),
    disputed: holds.includes('dispute'),
    ceaseContact: holds.includes('cease-contact'),
  };
}
