// The case's activity proxies, one per retry profile, and the request it hands a
// channel: everything the guard and the channel need, and no PII.
import { proxyActivities } from '@temporalio/workflow';
import { DAY_MS, idempotencyKeyFor, type Action, type ActionRequest, type BusinessClock, type Channel } from '../../domain';
import type { CaseActivities } from '../../activities/case-activities';
import { dpdOf, holdKinds, isTimeBarred, nowOf, type CaseState } from './case-state';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

/**
 * A wait of `businessMs` in wall time on the clock, within [floorMs, capMs]. Activity
 * timeouts and retry intervals run on wall time: with a short business day a
 * minute's wait is days of business time, in which a case would miss ladder steps.
 */
function fitted(clock: BusinessClock, businessMs: number, floorMs: number, capMs: number): number {
  return Math.min(capMs, Math.max(floorMs, Math.round((businessMs * clock.dayLengthMs) / DAY_MS)));
}

/**
 * How soon a dead worker's activity is tried again: activities heartbeat while
 * they run (see src/activities), so a missed heartbeat, not the start-to-close
 * timeout, tells the server the worker is gone. Ten business minutes, at least a
 * second (heartbeats cross the network), at most 30 s.
 */
export const heartbeatTimeoutFor = (clock: BusinessClock) => fitted(clock, 10 * MINUTE_MS, SECOND_MS, 30 * SECOND_MS);

const channelProxies = new Map<number, CaseActivities>();
const recordProxies = new Map<number, CaseActivities>();

/** Outbound channels: provider calls retry on timeouts and 5xx; a 4xx fails at once and the fallback is used. */
export function channelsFor(clock: BusinessClock): CaseActivities {
  let proxy = channelProxies.get(clock.dayLengthMs);
  if (!proxy) {
    proxy = proxyActivities<CaseActivities>({
      startToCloseTimeout: '1 minute',
      heartbeatTimeout: heartbeatTimeoutFor(clock),
      retry: {
        initialInterval: fitted(clock, 2 * SECOND_MS, 200, 2 * SECOND_MS),
        backoffCoefficient: 2,
        maximumInterval: fitted(clock, 5 * MINUTE_MS, SECOND_MS, 5 * MINUTE_MS),
        maximumAttempts: 20,
      },
    });
    channelProxies.set(clock.dayLengthMs, proxy);
  }
  return proxy;
}

/** Audit trail, read model and contact-log writes: idempotent, retried until they land. */
export function recordsFor(clock: BusinessClock): CaseActivities {
  let proxy = recordProxies.get(clock.dayLengthMs);
  if (!proxy) {
    proxy = proxyActivities<CaseActivities>({
      startToCloseTimeout: '30 seconds',
      heartbeatTimeout: heartbeatTimeoutFor(clock),
      retry: { initialInterval: fitted(clock, SECOND_MS, 200, SECOND_MS), maximumInterval: fitted(clock, MINUTE_MS, SECOND_MS, MINUTE_MS) },
    });
    recordProxies.set(clock.dayLengthMs, proxy);
  }
  return proxy;
}

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
