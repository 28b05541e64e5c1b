// One check per rule kind. Each answers for one moment, `atMs`, so the guard can re-ask the
// same rules at a later time when a deferral moves the attempt.
import { DAY_MS, localDateKey, localDateTime, localMinuteOfDay, nextLocalDayAt, nextLocalTime } from './local-time';
import type { RuleConfig, RuleKind } from './profile-schema';
import type { Channel, ContactAttempt, ContactHistoryEntry } from './types';

export type RuleOutcome =
  | { kind: 'pass' }
  | { kind: 'deny'; reason: string }
  | { kind: 'defer'; untilMs: number; reason: string };

export interface RuleContext {
  attempt: ContactAttempt;
  history: readonly ContactHistoryEntry[];
  /** The moment being checked: the proposed time, or a later one the guard is trying. */
  atMs: number;
}

type RuleOf<K extends RuleKind> = Extract<RuleConfig, { rule: K }>;

const PASS: RuleOutcome = { kind: 'pass' };

/**
 * Rules that can forbid an attempt outright, strongest first: a deny at the head of this list
 * is the one reported. Rules not listed only ever defer.
 */
export const DENY_PRECEDENCE: readonly RuleKind[] = [
  'cease-communication',
  'time-barred-legal',
  'third-party-contact',
  'opt-out',
  'work-email',
  'dispute-hold',
  'validation-notice',
];

function appliesTo(channels: readonly Channel[], channel: Channel): boolean {
  return channels.includes(channel);
}

function purposeOf(attempt: ContactAttempt) {
  return attempt.purpose ?? 'collection';
}

function localClock(atMs: number, timeZone: string): string {
  const { hour, minute } = localDateTime(atMs, timeZone);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} ${timeZone}`;
}

function ceaseCommunication(rule: RuleOf<'cease-communication'>, { attempt }: RuleContext): RuleOutcome {
  if (!attempt.ceaseContact || rule.exemptPurposes.includes(purposeOf(attempt))) return PASS;
  return { kind: 'deny', reason: `the debtor asked to stop contact; no ${purposeOf(attempt)} ${attempt.channel}` };
}

function timeBarredLegal(rule: RuleOf<'time-barred-legal'>, { attempt }: RuleContext): RuleOutcome {
  if (!attempt.debtTimeBarred) return PASS;
  if (!appliesTo(rule.channels, attempt.channel) && !rule.purposes.includes(purposeOf(attempt))) return PASS;
  return { kind: 'deny', reason: `the debt is time-barred: no suit or threat of suit (${attempt.channel})` };
}

function thirdPartyContact(_rule: RuleOf<'third-party-contact'>, { attempt }: RuleContext): RuleOutcome {
  if (attempt.recipient !== 'third-party') return PASS;
  return { kind: 'deny', reason: 'only the debtor may be contacted, not a third party' };
}

/** An opt-out denies from the moment it is on record, whatever the attempt's own time: the guard asks at the attempt. */
function optOut(rule: RuleOf<'opt-out'>, { attempt }: RuleContext): RuleOutcome {
  if (!appliesTo(rule.channels, attempt.channel)) return PASS;
  const covering = (attempt.optOuts ?? [])
    .filter((o) => o.scope === attempt.channel || o.scope === 'all-electronic')
    .sort((a, b) => a.atMs - b.atMs)[0];
  if (!covering) return PASS;
  const what = covering.scope === 'all-electronic' ? `all electronic messages (${rule.channels.join(', ')})` : `${covering.scope} messages`;
  return {
    kind: 'deny',
    reason: `the debtor opted out of ${what} on ${new Date(covering.atMs).toISOString()} (${covering.method}); no ${attempt.channel}`,
  };
}

function workEmail(_rule: RuleOf<'work-email'>, { attempt }: RuleContext): RuleOutcome {
  if (attempt.channel !== 'email' || !attempt.emailIsWork) return PASS;
  return { kind: 'deny', reason: "the debtor's e-mail address is one their employer provides; no e-mail to a work address" };
}

function disputeHold(rule: RuleOf<'dispute-hold'>, { attempt }: RuleContext): RuleOutcome {
  if (!attempt.disputed || rule.exemptPurposes.includes(purposeOf(attempt))) return PASS;
  // No date to defer to: the hold ends when the case records the dispute as resolved.
  return { kind: 'deny', reason: 'the debt is disputed: collection waits until the dispute is resolved' };
}

/**
 * Past the deadline with no notice sent, collection contact is denied and the case sends the
 * notice first: a denial names the missing step, a deferral would have no date to name.
 */
function validationNotice(rule: RuleOf<'validation-notice'>, { attempt, atMs }: RuleContext): RuleOutcome {
  if (purposeOf(attempt) === 'validation-notice' || !appliesTo(rule.channels, attempt.channel)) return PASS;
  if (attempt.firstContactAtMs === undefined || attempt.validationNoticeSentAtMs !== undefined) return PASS;
  if (atMs <= attempt.firstContactAtMs + rule.withinDays * DAY_MS) return PASS;
  return {
    kind: 'deny',
    reason: `no validation notice within ${rule.withinDays} days of first contact; send it before collecting`,
  };
}

function quietHours(rule: RuleOf<'quiet-hours'>, { attempt, atMs }: RuleContext): RuleOutcome {
  if (!appliesTo(rule.channels, attempt.channel)) return PASS;
  const minute = localMinuteOfDay(atMs, attempt.debtorTimeZone);
  const start = rule.startHour * 60;
  const end = rule.endHour * 60;
  const quiet = start > end ? minute >= start || minute < end : minute >= start && minute < end;
  if (!quiet) return PASS;
  return {
    kind: 'defer',
    untilMs: nextLocalTime(atMs, attempt.debtorTimeZone, rule.endHour),
    reason: `${localClock(atMs, attempt.debtorTimeZone)} is within quiet hours ${rule.startHour}:00–${rule.endHour}:00`,
  };
}

/**
 * A rolling window of windowDays × 24 h: never shorter than the calendar-day reading of
 * "consecutive days", so it is the stricter of the two.
 */
function callFrequency(rule: RuleOf<'call-frequency'>, { attempt, history, atMs }: RuleContext): RuleOutcome {
  if (!appliesTo(rule.channels, attempt.channel)) return PASS;
  const windowMs = rule.windowDays * DAY_MS;
  const inWindow = history
    .filter((e) => appliesTo(rule.channels, e.channel) && (!rule.outcomes || rule.outcomes.includes(e.outcome)))
    .filter((e) => e.atMs > atMs - windowMs && e.atMs <= atMs)
    .map((e) => e.atMs)
    .sort((a, b) => a - b);
  if (inWindow.length < rule.maxAttempts) return PASS;
  // Wait until enough of the oldest fall out that one more stays within the limit.
  return {
    kind: 'defer',
    untilMs: inWindow[inWindow.length - rule.maxAttempts] + windowMs,
    reason: `${inWindow.length} attempts in the last ${rule.windowDays} days; the limit is ${rule.maxAttempts}`,
  };
}

function quietAfterConversation(
  rule: RuleOf<'quiet-after-conversation'>,
  { attempt, history, atMs }: RuleContext,
): RuleOutcome {
  if (!appliesTo(rule.channels, attempt.channel)) return PASS;
  const quietMs = rule.days * DAY_MS;
  const last = history
    .filter((e) => e.outcome === 'conversation' && appliesTo(rule.channels, e.channel))
    .filter((e) => e.atMs > atMs - quietMs && e.atMs <= atMs)
    .reduce<number | undefined>((latest, e) => (latest === undefined || e.atMs > latest ? e.atMs : latest), undefined);
  if (last === undefined) return PASS;
  return { kind: 'defer', untilMs: last + quietMs, reason: `a conversation took place within the last ${rule.days} days` };
}

/** The day is the debtor's local calendar day; contacts by the lender and agencies count alike. */
function dailyConnectedCalls(rule: RuleOf<'daily-connected-calls'>, { attempt, history, atMs }: RuleContext): RuleOutcome {
  if (!appliesTo(rule.channels, attempt.channel)) return PASS;
  const zone = attempt.debtorTimeZone;
  const today = localDateKey(atMs, zone);
  const connected = history.filter(
    (e) =>
      appliesTo(rule.channels, e.channel) &&
      rule.outcomes.includes(e.outcome) &&
      e.atMs <= atMs &&
      e.atMs > atMs - 2 * DAY_MS &&
      localDateKey(e.atMs, zone) === today,
  ).length;
  if (connected < rule.maxConnected) return PASS;
  return {
    kind: 'defer',
    untilMs: nextLocalDayAt(atMs, zone, rule.resumeHour),
    reason: `${connected} connected calls today (${today}, ${zone}); the limit is ${rule.maxConnected}`,
  };
}

export function checkRule(rule: RuleConfig, context: RuleContext): RuleOutcome {
  switch (rule.rule) {
    case 'cease-communication':
      return ceaseCommunication(rule, context);
    case 'time-barred-legal':
      return timeBarredLegal(rule, context);
    case 'third-party-contact':
      return thirdPartyContact(rule, context);
    case 'dispute-hold':
      return disputeHold(rule, context);
    case 'opt-out':
      return optOut(rule, context);
    case 'work-email':
      return workEmail(rule, context);
    case 'validation-notice':
      return validationNotice(rule, context);
    case 'quiet-hours':
      return quietHours(rule, context);
    case 'call-frequency':
      return callFrequency(rule, context);
    case 'quiet-after-conversation':
      return quietAfterConversation(rule, context);
    case 'daily-connected-calls':
      return dailyConnectedCalls(rule, context);
  }
}
