// NIFA's limit on connected calls in a debtor's local day, kept as agents claim
// and report calls and as agencies report theirs (the places are counted in
// src/db/daily-calls.ts). When the day's connected calls reach the limit, the
// debtor's other open calls leave the queue until the rule's hour on the next
// local day, so no agent is offered a call the guard would refuse.
import type { DailyCallLimit } from '../activities/compliance';
import { dailyCallsId } from '../db/daily-calls';
import type { WorkQueue } from '../db/tasks';
import { localDateKey, nextLocalDayAt } from '../domain/compliance';

export interface DebtorClock {
  debtorRef: string;
  /** IANA zone: the day is the debtor's local calendar day. */
  timeZone: string;
}

/**
 * The debtor's local date at `atMs`, and the log of that day's calls: those the
 * rule limits together, or where no rule limits them, the channel's own.
 */
export function callDayOf(debtor: DebtorClock, atMs: number, scope: DailyCallLimit | string): { date: string; id: string } {
  const date = localDateKey(atMs, debtor.timeZone);
  return { date, id: dailyCallsId(debtor.debtorRef, date, typeof scope === 'string' ? scope : scope.id) };
}

/** The reason a call waits for the next day, in the words of the rule itself. */
export function dayFullReason(limit: DailyCallLimit, count: string, debtor: DebtorClock, atMs: number): string {
  return `${count} today (${localDateKey(atMs, debtor.timeZone)}, ${debtor.timeZone}); the limit is ${limit.maxConnected}`;
}

export interface DayCount {
  /** Connected calls counted for the day. */
  connected: number;
  /** A moment of that day. */
  dayAtMs: number;
  /** Business time now. */
  nowMs: number;
  /** The call just counted, which stays where it is. */
  except?: string;
}

/** Once the day's connected calls reach the limit, moves the debtor's other open calls to the next local day. */
export async function holdCallsWhenDayFull(queue: WorkQueue, limit: DailyCallLimit, debtor: DebtorClock, day: DayCount): Promise<void> {
  if (day.connected < limit.maxConnected) return;
  const until = nextLocalDayAt(day.dayAtMs, debtor.timeZone, limit.resumeHour);
  if (until <= day.nowMs) return;
  const deferral = { rule: limit.id, reason: dayFullReason(limit, `${day.connected} connected calls`, debtor, day.dayAtMs) };
  const channels: readonly string[] = limit.channels;
  for (const task of await queue.openOfDebtor(debtor.debtorRef)) {
    if (task.taskId === day.except || !channels.includes(task.channel)) continue;
    // A call another agent holds today already has its place and its leave: it is not moved.
    await queue.defer(task, new Date(until), deferral, { now: new Date(day.nowMs) });
  }
}
