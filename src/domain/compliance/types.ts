// What the compliance guard reasons about. Plain data so the same values travel through
// Temporal workflows, activities and the API unchanged.

export const CHANNELS = ['sms', 'letter', 'phone', 'field-visit', 'agency', 'court', 'email', 'app-push', 'im'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Internet collection's channels: an opt-out may name one of them or all of them at once. */
export const ELECTRONIC_CHANNELS = ['email', 'app-push', 'im'] as const satisfies readonly Channel[];
export type ElectronicChannel = (typeof ELECTRONIC_CHANNELS)[number];

/** The channels a debtor can opt out of one by one: text messages (Reg F §1006.6(e) covers them) and internet collection's. */
export const OPT_OUT_CHANNELS = ['sms', ...ELECTRONIC_CHANNELS] as const satisfies readonly Channel[];
export type OptOutChannel = (typeof OPT_OUT_CHANNELS)[number];
/** What an opt-out stops: one channel, or every one of OPT_OUT_CHANNELS. */
export const OPT_OUT_SCOPES = [...OPT_OUT_CHANNELS, 'all-electronic'] as const;
export type OptOutScope = (typeof OPT_OUT_SCOPES)[number];
/** How the debtor said so: the link's page, the mail client's one-click (RFC 8058), a STOP reply, or a supervisor told by other means. */
export const OPT_OUT_METHODS = ['link-page', 'one-click', 'sms-reply', 'supervisor'] as const;
export type OptOutMethod = (typeof OPT_OUT_METHODS)[number];

/** One of the debtor's opt-outs, as the guard reads it. */
export interface OptOut {
  scope: OptOutScope;
  /** Business time it was recorded. */
  atMs: number;
  method: OptOutMethod;
}

export const PURPOSES = ['collection', 'validation-notice', 'legal'] as const;
/**
 * Why the attempt is made. `legal` is legal action or notice of it (a suit, a notice that a
 * remedy will be invoked); `validation-notice` is the Reg F §1006.34 notice. Absent means
 * `collection`.
 */
export type Purpose = (typeof PURPOSES)[number];

export const OUTCOMES = [
  'sent',
  'delivered',
  'failed',
  'connected',
  'no-answer',
  'conversation',
  'refused',
  'wrong-number',
  'voicemail',
] as const;
export type ContactOutcome = (typeof OUTCOMES)[number];

export type Party = 'lender' | 'agency';
export type Recipient = 'debtor' | 'third-party';

/** A proposed contact. All times are business-time epoch milliseconds. */
export interface ContactAttempt {
  caseId: string;
  loanId: string;
  channel: Channel;
  purpose?: Purpose;
  /** Who would be contacted; absent means the debtor. */
  recipient?: Recipient;
  /** The proposed send time. */
  atMs: number;
  /** IANA zone of the debtor, e.g. `America/New_York`; local-time rules read the clock there. */
  debtorTimeZone: string;
  /** ISO 3166-1 alpha-2; informational, the profile decides which rules apply. */
  country?: string;
  debtTimeBarred: boolean;
  disputed: boolean;
  ceaseContact: boolean;
  firstContactAtMs?: number;
  validationNoticeSentAtMs?: number;
  disputeWindowEndsAtMs?: number;
  /** The debtor's opt-outs; read only for an attempt on a channel an opt-out rule guards. */
  optOuts?: readonly OptOut[];
  /** The e-mail address is one the debtor's employer provides; read only for an e-mail a work-email rule guards. */
  emailIsWork?: boolean;
}

/**
 * One past contact from the contact log, by the lender or any agency. The caller supplies the
 * history the profile counts over: per debt for Reg F, per debtor for NIFA.
 */
export interface ContactHistoryEntry {
  channel: Channel;
  atMs: number;
  outcome: ContactOutcome;
  party: Party;
}

export type Verdict =
  | { verdict: 'allow'; rule: 'all-rules-passed'; rulesChecked: string[] }
  | { verdict: 'defer'; untilMs: number; rule: string; reason: string }
  | { verdict: 'deny'; rule: string; reason: string };
