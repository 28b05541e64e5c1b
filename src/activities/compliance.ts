// The compliance guard's side effects: read from the contact log what went out to
// the debtor, pick the rule profile for the debtor's country, and ask the pure
// rules in src/domain/compliance whether this attempt may happen now. The case's
// actions ask it when they go out; an agent's call or visit asks it again when
// the agent takes the task.
import {
  CN_NIFA,
  evaluate,
  US_REG_F,
  type Channel as GuardedChannel,
  type ComplianceProfile,
  type ContactAttempt,
  type ContactHistoryEntry,
  type ContactOutcome,
  type OptOut,
  type Purpose,
  type RuleConfig,
  type Verdict,
} from '../domain/compliance';
import { DAY_MS, type ActionRequest, type Channel } from '../domain';
import type mongoose from 'mongoose';
import type { ContactLog, ContactRecord } from '../db/contacts';
import { loanBook } from '../db/loans';
import { optOutRegistry } from '../db/opt-outs';

export interface ComplianceRegime {
  profile: ComplianceProfile;
  /** What the profile counts over: the debt (Reg F, per debt) or the debtor across lender and agencies (NIFA). */
  historyScope: 'loan' | 'debtor';
}

export const COMPLIANCE_REGIMES: Record<'CN' | 'default', ComplianceRegime> = {
  CN: { profile: CN_NIFA, historyScope: 'debtor' },
  default: { profile: US_REG_F, historyScope: 'loan' },
};

/** A CN debtor falls under NIFA; every other country under Regulation F until it has a profile of its own. */
export function regimeForCountry(country: string): ComplianceRegime {
  return country === 'CN' ? COMPLIANCE_REGIMES.CN : COMPLIANCE_REGIMES.default;
}

/** Channels that reach the debtor or act against them; reviews are internal and not guarded. */
const GUARDED: Partial<Record<Channel, GuardedChannel>> = {
  sms: 'sms',
  letter: 'letter',
  phone: 'phone',
  'field-visit': 'field-visit',
  agency: 'agency',
  court: 'court',
  email: 'email',
  'app-push': 'app-push',
  im: 'im',
};

export function isGuarded(channel: Channel): boolean {
  return GUARDED[channel] !== undefined;
}

export function purposeOf(request: Pick<ActionRequest, 'channel' | 'template'>): Purpose {
  if (request.channel === 'court') return 'legal';
  return request.template === 'validation-notice' ? 'validation-notice' : 'collection';
}

export interface GuardVerdict {
  verdict: Verdict;
  profile: string;
}

/** What the guard needs to know of an attempt: an action of the case, or a task an agent takes. */
export type GuardedAttempt = Pick<
  ActionRequest,
  'caseId' | 'loanId' | 'idempotencyKey' | 'channel' | 'template' | 'debtor' | 'atMs' | 'timeBarred' | 'disputed' | 'ceaseContact'
>;

export type DailyCallLimit = Extract<RuleConfig, { rule: 'daily-connected-calls' }>;

/** The profile's limit on connected calls a day for the channel, if it has one. */
export function dailyCallLimitOf(profile: ComplianceProfile, channel: string): DailyCallLimit | undefined {
  return profile.rules.find(
    (rule): rule is DailyCallLimit => rule.rule === 'daily-connected-calls' && (rule.channels as readonly string[]).includes(channel),
  );
}

/** Days of history the profile's rules look back over, and a day to spare. */
function lookbackDays(profile: ComplianceProfile): number {
  const windows = profile.rules.map((rule) =>
    rule.rule === 'call-frequency'
      ? rule.windowDays
      : rule.rule === 'quiet-after-conversation'
        ? rule.days
        : // The debtor's local calendar day lies within the last 48 hours.
          rule.rule === 'daily-connected-calls'
          ? 2
          : 0,
  );
  return Math.max(0, ...windows) + 1;
}

function historyEntry(record: ContactRecord): ContactHistoryEntry | undefined {
  const channel = GUARDED[record.channel as Channel];
  if (!channel) return undefined;
  const outcome = (record.contactOutcome ?? 'sent') as ContactOutcome;
  return { channel, atMs: (record.outcomeAt ?? record.at).getTime(), outcome, party: record.party ?? 'lender' };
}

/** What the guard reads about the debtor beyond the contact log, for the rules that need it. */
export interface DebtorFacts {
  optOutsOf(debtorRef: string): Promise<OptOut[]>;
  emailIsWork(loanId: string): Promise<boolean>;
}

/** The debtor's facts from the opt-out registry and the loan book. */
export function debtorFacts(connection: mongoose.Connection): DebtorFacts {
  const registry = optOutRegistry(connection);
  const loans = loanBook(connection);
  return {
    optOutsOf: (debtorRef) => registry.forGuard(debtorRef),
    emailIsWork: async (loanId) => (await loans.get(loanId))?.contact?.emailIsWork === true,
  };
}

/**
 * The opt-outs and the work-address mark, read only when a rule of the profile guards the
 * attempt's channel with them: a call pays no read for them.
 */
async function channelFacts(request: GuardedAttempt, channel: GuardedChannel, profile: ComplianceProfile, facts: DebtorFacts) {
  const optOutGuarded = profile.rules.some((rule) => rule.rule === 'opt-out' && (rule.channels as readonly string[]).includes(channel));
  const workEmailGuarded = channel === 'email' && profile.rules.some((rule) => rule.rule === 'work-email');
  const [optOuts, emailIsWork] = await Promise.all([
    optOutGuarded ? facts.optOutsOf(request.debtor.debtorRef) : undefined,
    workEmailGuarded ? facts.emailIsWork(request.loanId) : undefined,
  ]);
  return { ...(optOuts && { optOuts }), ...(emailIsWork !== undefined && { emailIsWork }) };
}

export function createComplianceGuard(contacts: ContactLog, regimeFor: (country: string) => ComplianceRegime, facts: DebtorFacts) {
  /** When the debtor was first contacted and when the validation notice went out, for rules that need them. */
  async function validationFacts(request: GuardedAttempt, profile: ComplianceProfile) {
    const rule = profile.rules.find((candidate) => candidate.rule === 'validation-notice');
    if (!rule || rule.rule !== 'validation-notice') return {};
    const [firstContact, notice] = await Promise.all([
      contacts.firstWentOut(request.loanId, rule.channels),
      contacts.firstWentOut(request.loanId, rule.channels, 'validation-notice'),
    ]);
    return { firstContactAtMs: firstContact?.getTime(), validationNoticeSentAtMs: notice?.getTime() };
  }

  return {
    /** The verdict for a guarded channel at the request's business time, in the debtor's time zone. */
    async check(request: GuardedAttempt): Promise<GuardVerdict> {
      const { profile, historyScope } = regimeFor(request.debtor.country);
      const scope = historyScope === 'debtor' ? { debtorRef: request.debtor.debtorRef } : { loanId: request.loanId };
      const since = new Date(request.atMs - lookbackDays(profile) * DAY_MS);
      const channel = GUARDED[request.channel]!;
      const [records, validation, debtor] = await Promise.all([
        contacts.wentOutSince(scope, since),
        validationFacts(request, profile),
        channelFacts(request, channel, profile, facts),
      ]);
      const history = records
        .filter((record) => record.idempotencyKey !== request.idempotencyKey)
        .map(historyEntry)
        .filter((entry): entry is ContactHistoryEntry => entry !== undefined);
      const attempt: ContactAttempt = {
        caseId: request.caseId,
        loanId: request.loanId,
        channel,
        purpose: purposeOf(request),
        atMs: request.atMs,
        debtorTimeZone: request.debtor.timeZone,
        country: request.debtor.country,
        debtTimeBarred: request.timeBarred,
        disputed: request.disputed,
        ceaseContact: request.ceaseContact,
        ...validation,
        ...debtor,
      };
      return { verdict: evaluate(attempt, history, profile), profile: profile.id };
    },
  };
}
