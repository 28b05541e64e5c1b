// The HTTP conversation every provider client shares: base URL, bearer API key,
// Idempotency-Key on writes, a timeout on the whole exchange, JSON both ways, and
// every failure turned into a classified ProviderError.
import type { z } from 'zod';
import type { Channel } from './contract';
import { isRetryableStatus, ProviderError } from './errors';

export interface ProviderEndpoint {
  /** Root of the provider's API, e.g. https://sms.example.com/v1 or http://127.0.0.1:4010/sms. */
  baseUrl: string;
  apiKey: string;
  /** Limit on one request, connection to last byte (PROVIDER_TIMEOUT). */
  timeoutMs: number;
}

export class ProviderHttpClient {
  private readonly baseUrl: string;

  constructor(
    private readonly channel: Channel,
    private readonly endpoint: ProviderEndpoint,
  ) {
    this.baseUrl = endpoint.baseUrl.replace(/\/+$/, '');
  }

  post<T>(path: string, body: unknown, idempotencyKey: string, response: z.ZodType<T>): Promise<T> {
    return this.request(path, response, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    });
  }

  get<T>(path: string, response: z.ZodType<T>): Promise<T> {
    return this.request(path, response, { method: 'GET' });
  }

  private async request<T>(path: string, response: z.ZodType<T>, init: RequestInit): Promise<T> {
    let status: number | undefined;
    let payload: unknown;
    try {
      const reply = await fetch(this.baseUrl + path, {
        ...init,
        headers: { ...init.headers, Accept: 'application/json', Authorization: `Bearer ${this.endpoint.apiKey}` },
        signal: AbortSignal.timeout(this.endpoint.timeoutMs),
      });
      status = reply.status;
      const text = await reply.text();
      if (!reply.ok) throw this.rejection(reply, text);
      payload = JSON.parse(text);
    } catch (err) {
      throw this.classify(err, status);
    }
    const parsed = response.safeParse(payload);
    // Garbage from a proxy or a half-deployed provider: a retry with the same key is safe.
    if (!parsed.success) throw new ProviderError({ channel: this.channel, code: 'BAD_RESPONSE', retryable: true, status });
    return parsed.data;
  }

  private rejection(reply: Response, text: string): ProviderError {
    const retryAfterSeconds = Number(reply.headers.get('retry-after'));
    return new ProviderError({
      channel: this.channel,
      code: errorCode(text) ?? `HTTP_${reply.status}`,
      retryable: isRetryableStatus(reply.status),
      status: reply.status,
      retryAfterMs: retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : undefined,
    });
  }

  private classify(err: unknown, status: number | undefined): ProviderError {
    if (err instanceof ProviderError) return err;
    // Checked by name: AbortSignal.timeout rejects with a DOMException, which may come from another realm.
    const timedOut = (err as { name?: unknown } | null)?.name === 'TimeoutError';
    const code = timedOut ? 'TIMEOUT' : status ? 'BAD_RESPONSE' : 'NETWORK_ERROR';
    return new ProviderError({ channel: this.channel, code, retryable: true, status });
  }
}

/** Reads the code from an error body shaped {"error":{"code":"..."}}, the convention our providers share. */
function errorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
