// The portfolio's business day so far, from the contact log the channels
// activity writes: the contacts made and planned today on each channel, and the
// attempts the compliance guard deferred today, by rule. One indexed range over
// today's entries (CONTACT_DAY_INDEX), never a pass over the cases.
import type mongoose from 'mongoose';
import { contactsOnDay, type ContactDayGroup } from '../db/contacts';
import { DAY_MS } from '../domain';

/** Channels whose send queues a task for a person: the contact is made when the agent reports it. */
const TASK_CHANNELS = new Set(['phone', 'field-visit']);

export interface ChannelDay {
  /** Went out: sent, and for a call or visit, reported by its agent. */
  made: number;
  /** Under way: allowed and being sent, or a call or visit task waiting for its agent's report. */
  planned: number;
  /** The guard said later; the case tries again when it allows. */
  deferred: number;
  /** The guard or the court's eligibility said never. */
  denied: number;
  /** A provider refused for good; the strategy fell back. */
  failed: number;
}

export interface PortfolioToday {
  /** Business time the figures are as of. */
  asOf: string;
  /** The business day counted, 'YYYY-MM-DD', from 00:00 UTC. */
  day: string;
  byChannel: Record<string, ChannelDay>;
  /** Deferred attempts by the guard's rule that deferred them. */
  deferralsByRule: Record<string, number>;
}

const EMPTY_DAY: ChannelDay = { made: 0, planned: 0, deferred: 0, denied: 0, failed: 0 };

/** Which column of the day an attempt counts in. */
function columnOf(group: ContactDayGroup): keyof ChannelDay {
  if (group.status === 'sent') return TASK_CHANNELS.has(group.channel) && !group.contactOutcome ? 'planned' : 'made';
  if (group.status === 'pending') return 'planned';
  return group.status;
}

export async function portfolioToday(deps: { database: mongoose.Connection; businessNow(): number }): Promise<PortfolioToday> {
  const now = deps.businessNow();
  const dayStart = now - (now % DAY_MS);
  const groups = await contactsOnDay(deps.database, new Date(dayStart), new Date(dayStart + DAY_MS));
  const today: PortfolioToday = { asOf: new Date(now).toISOString(), day: new Date(dayStart).toISOString().slice(0, 10), byChannel: {}, deferralsByRule: {} };
  for (const group of groups) {
    const day = (today.byChannel[group.channel] ??= { ...EMPTY_DAY });
    day[columnOf(group)] += group.count;
    if (group.status === 'deferred') {
      const rule = group.rule ?? 'unknown';
      today.deferralsByRule[rule] = (today.deferralsByRule[rule] ?? 0) + group.count;
    }
  }
  return today;
}
