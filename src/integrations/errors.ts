// One error type for every provider failure, classified once: the activities turn
// a non-retryable ProviderError into a non-retryable Temporal failure and the
// strategy falls back to the next channel. Messages never quote the request, so
// no phone number, name or address reaches logs or histories.
import type { Channel } from './contract';

export interface ProviderFailure {
  channel: Channel;
  /** The provider's error code (e.g. INVALID_NUMBER) or ours: TIMEOUT, NETWORK_ERROR, BAD_RESPONSE. */
  code: string;
  retryable: boolean;
  /** HTTP status, absent when no response arrived. */
  status?: number;
  /** From Retry-After, when the provider asked us to slow down. */
  retryAfterMs?: number;
}

const explanations: Record<string, string> = {
  INVALID_NUMBER: 'invalid recipient number',
  UNAUTHORIZED: 'API key rejected; check PROVIDER_API_KEY',
  IDEMPOTENCY_KEY_REUSED: 'idempotency key already used for a different request',
  RATE_LIMITED: 'rate limited',
  TIMEOUT: 'no response within PROVIDER_TIMEOUT',
  NETWORK_ERROR: 'provider unreachable',
  BAD_RESPONSE: 'unreadable response',
  MAILBOX_UNAVAILABLE: 'the mailbox refused the message (bounced)',
  MESSAGE_REFUSED: 'the mail server refused the message',
  SMTP_TEMPORARY_FAILURE: 'the mail server answered with a temporary failure',
};

export class ProviderError extends Error implements ProviderFailure {
  override name = 'ProviderError';
  readonly channel: Channel;
  readonly code: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(failure: ProviderFailure) {
    const what = explanations[failure.code] ?? `request failed with ${failure.code}`;
    super(`${failure.channel} provider: ${what}${failure.status ? ` (HTTP ${failure.status})` : ''}`);
    this.channel = failure.channel;
    this.code = failure.code;
    this.retryable = failure.retryable;
    this.status = failure.status;
    this.retryAfterMs = failure.retryAfterMs;
  }
}

/** 5xx, 429 and 408 are worth retrying with the same idempotency key; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * Whether retrying may succeed. Errors that are not ProviderErrors are bugs or
 * infrastructure trouble: they keep Temporal's default of retrying.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof ProviderError ? err.retryable : true;
}
