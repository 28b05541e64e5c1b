// What the compliance guard reasons about. Plain data so the same values travel through
// Temporal workflows, activities and the API unchanged.

export const CHANNELS = ['sms', 'letter', 'phone', 'field-visit', 'agency', 'court', 'email', 'app-push', 'im'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Internet collection's channels: an opt-out may name one of them or all of them at once. */
export const ELECTRONIC_CHANNELS = ['email', 'app-push', 'im'] as const satisfies readonly Channel[];
export type ElectronicChannel = (typeof ELECTRONIC_CHANNELS)[number];

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
