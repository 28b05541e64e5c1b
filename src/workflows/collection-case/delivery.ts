// Delivery status: a message, letter or court filing that went out is polled
// once, when the provider has had time to know, and what it says lands in the
// case's events and the contact log. The polls wait on durable timers alongside
// the main loop and are carried across continue-as-new in the case state.
import { ActivityFailure, sleep } from '@temporalio/workflow';
import { DAY_MS, wallDelayUntil, type Channel } from '../../domain';
import { channelsFor } from './activities';
import { nowOf, record, type CaseState, type DeliveryCheckDue } from './case-state';

const HOUR_MS = 3_600_000;

/** An SMS is delivered within minutes, a letter printed and mailed within days, a filing looked at within a week or two. */
const CHECK_AFTER_MS: Record<DeliveryCheckDue['channel'], number> = { sms: HOUR_MS, letter: 3 * DAY_MS, court: 7 * DAY_MS };

const isTracked = (channel: Channel): channel is DeliveryCheckDue['channel'] => channel in CHECK_AFTER_MS;

export interface SentAction {
  step: string;
  seq: number;
  channel: Channel;
  idempotencyKey: string;
  providerRef?: string;
}

export function followDelivery(state: CaseState, sent: SentAction): void {
  const { channel, providerRef } = sent;
  if (!isTracked(channel) || !providerRef) return;
  const check: DeliveryCheckDue = { ...sent, channel, providerRef, checkAtMs: nowOf(state, Date.now()) + CHECK_AFTER_MS[channel] };
  state.deliveryChecks.push(check);
  void pollOnce(state, check);
}

/** In a run continued from an earlier one: polls what the earlier run had not polled yet. */
export function resumeDeliveryChecks(state: CaseState): void {
  for (const check of state.deliveryChecks) void pollOnce(state, check);
}

async function pollOnce(state: CaseState, check: DeliveryCheckDue): Promise<void> {
  const delay = wallDelayUntil(state.clock, Date.now(), check.checkAtMs);
  if (delay > 0) await sleep(delay);
  const { step, seq, channel, idempotencyKey, providerRef } = check;
  try {
    const { status, detail } = await channelsFor(state.clock).checkDelivery({ idempotencyKey, channel, providerRef });
    record(state, Date.now(), 'action', `provider:${channel}`, `${channel} for step ${step}: ${status}${detail ? ` (${detail})` : ''}`, {
      step, channel, seq, delivery: status, ...(detail ? { detail } : {}),
    });
  } catch (error) {
    const why = error instanceof ActivityFailure && error.cause ? error.cause.message : String(error);
    record(state, Date.now(), 'action', `provider:${channel}`, `${channel} for step ${step}: status unavailable (${why})`, { step, channel, seq });
  }
  state.deliveryChecks = state.deliveryChecks.filter((pending) => pending.idempotencyKey !== idempotencyKey);
}
