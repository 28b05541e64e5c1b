// Default rule profiles. Each rule id names the regulation section that requires it, so a
// verdict in the audit trail points straight at the text a reviewer checks it against.
import type { ComplianceProfile } from './profile-schema';

/** Channels whose timing reaches the debtor. Letters and court filings are not delivered at a time of day. */
const TIME_OF_DAY_CHANNELS = ['phone', 'sms', 'field-visit', 'email', 'app-push', 'im'] as const;
/** Channels that communicate with the debtor; agency placement and court filings do not. */
const CONTACT_CHANNELS = ['sms', 'letter', 'phone', 'field-visit', 'email', 'app-push', 'im'] as const;
/** Channels a debtor can opt out of, one by one or all at once ('all-electronic'). */
const OPT_OUT_CHANNELS = ['sms', 'email', 'app-push', 'im'] as const;

/**
 * Lender policy, not regulation: neither Reg F nor NIFA sets a number for messages. One
 * reminder every two or three days by e-mail reads as a reminder, more as spam (and mail
 * providers learn to file it so); a push notification lights up the lock screen, so one a
 * day at most; a messaging platform's template messages are throttled by the platform and a
 * debtor who feels pestered blocks the account, so two a week. Each channel counts its own.
 */
const ELECTRONIC_FREQUENCY_CAPS = [
  { rule: 'call-frequency', id: 'lender-email-3in7', maxAttempts: 3, windowDays: 7, channels: ['email'] },
  { rule: 'call-frequency', id: 'lender-app-push-1-per-day', maxAttempts: 1, windowDays: 1, channels: ['app-push'] },
  { rule: 'call-frequency', id: 'lender-im-2in7', maxAttempts: 2, windowDays: 7, channels: ['im'] },
] as const satisfies ComplianceProfile['rules'];

/** US: FDCPA as implemented by CFPB Regulation F, 12 CFR part 1006. */
export const US_REG_F: ComplianceProfile = {
  id: 'US_REG_F',
  description: 'US Regulation F (12 CFR 1006)',
  rules: [
    // §1006.6(c): after a cease request only notices that efforts end or that a remedy may or
    // will be invoked (purpose 'legal'). Suing is not a communication and stays possible.
    { rule: 'cease-communication', id: 'regf-1006c', exemptPurposes: ['legal'] },
    // §1006.26(b): no suit, and no threat of suit, on time-barred debt.
    { rule: 'time-barred-legal', id: 'regf-1026b-time-barred-suit', channels: ['court'], purposes: ['legal'] },
    // §1006.38(d)(2): a timely dispute stops collection until verification is sent; the case
    // clears `disputed` when it is, so the guard denies rather than guessing a date.
    { rule: 'dispute-hold', id: 'regf-1038d2-dispute-hold', exemptPurposes: ['validation-notice'] },
    // §1006.34(a)(1): validation information within 5 days of the initial communication.
    { rule: 'validation-notice', id: 'regf-1034a1-validation-notice', withinDays: 5, channels: [...CONTACT_CHANNELS] },
    // §1006.6(b)(1)(i): before 8 a.m. or after 9 p.m. local time is presumed inconvenient.
    {
      rule: 'quiet-hours',
      id: 'regf-1006b1-convenient-time',
      startHour: 21,
      endHour: 8,
      channels: [...TIME_OF_DAY_CHANNELS],
    },
    // §1006.14(b)(2)(i)(A): more than 7 call attempts in 7 consecutive days is presumed harassment.
    { rule: 'call-frequency', id: 'regf-1014b2-7in7', maxAttempts: 7, windowDays: 7, channels: ['phone'] },
    // §1006.14(b)(2)(i)(B): no call within 7 days after a telephone conversation.
    { rule: 'quiet-after-conversation', id: 'regf-1014b2-7days-after-conversation', days: 7, channels: ['phone'] },
    // §1006.6(e): every electronic communication offers a way to opt out, and the debtor's
    // opt-out holds; an opt-out of "all electronic messages" covers text messages too.
    { rule: 'opt-out', id: 'regf-1006-6e-opt-out', channels: [...OPT_OUT_CHANNELS] },
    // §1006.22(f)(3): no e-mail to an address the debtor's employer provides (the loan book's emailIsWork).
    { rule: 'work-email', id: 'regf-1006-22f3-work-email' },
    ...ELECTRONIC_FREQUENCY_CAPS,
  ],
};

/** China: NIFA post-loan collection guidance for internet consumer credit. */
export const CN_NIFA: ComplianceProfile = {
  id: 'CN_NIFA',
  description: 'China NIFA post-loan collection guidance',
  rules: [
    // Not a NIFA article: cease contact and dispute are case-level instructions from a
    // supervisor, and the guard honours them under every profile.
    { rule: 'cease-communication', id: 'case-cease-contact', exemptPurposes: ['legal'] },
    { rule: 'third-party-contact', id: 'nifa-debtor-only' },
    { rule: 'dispute-hold', id: 'case-dispute-hold', exemptPurposes: [] },
    { rule: 'quiet-hours', id: 'nifa-quiet-22-08', startHour: 22, endHour: 8, channels: [...TIME_OF_DAY_CHANNELS] },
    // Counted per debtor across the lender and every agency: the history carries both parties.
    {
      rule: 'daily-connected-calls',
      id: 'nifa-3-connected-calls-per-day',
      maxConnected: 3,
      outcomes: ['connected', 'conversation'],
      channels: ['phone'],
      resumeHour: 8,
    },
    // Lender policy: NIFA sets no opt-out for messages, but a debtor who asks to stop
    // electronic messages gets no more of them (calls and letters carry on under the rules above).
    { rule: 'opt-out', id: 'lender-electronic-opt-out', channels: [...OPT_OUT_CHANNELS] },
    ...ELECTRONIC_FREQUENCY_CAPS,
  ],
};
