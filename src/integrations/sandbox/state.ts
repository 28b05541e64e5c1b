// The sandbox's memory: what each channel accepted, the provider-side records
// that change status over time, armed faults and pending timers. Tests and the
// bench read it directly or through GET /_control/sent.
import type { Channel } from '../contract';
import type { AgencyCollection, Placement } from '../agency/types';
import type { FilingStatus } from '../court/types';
import type { LetterStatus } from '../letter/types';
import type { SmsStatus } from '../sms/types';
import type { Fault } from './fault-schema';

export interface SentRecord {
  operation: 'send' | 'place' | 'recall' | 'file' | 'charge';
  /** The provider's id for what was created or changed. */
  id: string;
  idempotencyKey: string;
  request: unknown;
  /** For SMS, push and IM, the text as the debtor reads it; for e-mail, the text body. */
  text?: string;
  at: string;
}

export interface Outcome {
  status: number;
  body: unknown;
}

export interface SmsRecord extends SmsStatus {
  /** What delivery will end in: decided at send time from the number. */
  final: Pick<SmsStatus, 'status' | 'reason'>;
  callbackUrl?: string;
}

export interface PlacementRecord {
  placement: Placement;
  status: 'placed' | 'recalled';
  collections: AgencyCollection[];
}

export interface FilingRecord extends FilingStatus {
  caseRef: string;
  hasStatementOfClaim: boolean;
}

/** An e-mail the SMTP server received, as a mail client would show it. */
export interface ReceivedEmail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  /** Every header, names in lower case (list-unsubscribe, list-unsubscribe-post, …). */
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** A refusal armed for an address: its next `times` messages get `reply` at RCPT TO. */
export interface Bounce {
  address: string;
  /** 550 (mailbox unavailable, a bounce) by default; a 4xx is a temporary refusal. */
  reply: number;
  times: number;
}

export interface SandboxState {
  sent: Record<Channel, SentRecord[]>;
  faults: Fault[];
  /** The first outcome of each accepted write, by channel and Idempotency-Key, with its request's fingerprint. */
  outcomes: Map<string, { fingerprint: string; outcome: Outcome }>;
  sms: Map<string, SmsRecord>;
  letters: Map<string, LetterStatus>;
  placements: Map<string, PlacementRecord>;
  filings: Map<string, FilingRecord>;
  bounces: Bounce[];
  timers: Set<NodeJS.Timeout>;
  /** Sent as `Authorization: Bearer <token>` with every callback, as a real provider authenticates its calls to us. */
  callbackToken?: string;
  /** The token an agency's callbacks carry instead: one for the agency the placement names. */
  agencyToken?: (agency: string) => Promise<string>;
}

export function createState(callbackToken?: string, agencyToken?: SandboxState['agencyToken']): SandboxState {
  return {
    callbackToken,
    agencyToken,
    sent: { sms: [], letter: [], agency: [], court: [], email: [], 'app-push': [], im: [], payment: [] },
    faults: [],
    outcomes: new Map(),
    sms: new Map(),
    letters: new Map(),
    placements: new Map(),
    filings: new Map(),
    bounces: [],
    timers: new Set(),
  };
}

/** Forgets everything, cancelling pending deliveries and held requests. */
export function resetState(state: SandboxState): void {
  for (const timer of state.timers) clearTimeout(timer);
  Object.assign(state, createState(state.callbackToken, state.agencyToken));
}

export function later(state: SandboxState, ms: number, run: () => void): NodeJS.Timeout {
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    run();
  }, ms);
  state.timers.add(timer);
  return timer;
}

export function cancel(state: SandboxState, timer: NodeJS.Timeout): void {
  clearTimeout(timer);
  state.timers.delete(timer);
}

/** Posts a status change the way providers do: once, and nobody waits for it. */
export function postCallback(state: SandboxState, url: string, body: unknown, token = state.callbackToken): void {
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
}
