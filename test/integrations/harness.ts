// Starts the sandbox on a free port for one test file of provider clients, with
// their endpoints, a callback receiver and the sandbox's control API. No Temporal,
// database or worker: the suites in test/support/suites.ts are for cases.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Channel } from '../../src/integrations/contract';
import { ProviderError } from '../../src/integrations/errors';
import type { ProviderEndpoint } from '../../src/integrations/http-client';
import { createSandbox, type Sandbox } from '../../src/integrations/sandbox/server';
import { PROVIDER_KEY, sandboxControl } from '../support/sandbox';

export interface Harness {
  sandbox: Sandbox;
  url: string;
  /** The sandbox's SMTP server, smtp://127.0.0.1:<port>. */
  smtpUrl: string;
  endpoint(prefix: string, overrides?: Partial<ProviderEndpoint>): ProviderEndpoint;
  control(method: string, path: string, body?: unknown): Promise<Response>;
  sentCount(channel: Channel): Promise<number>;
  close(): Promise<void>;
}

export const CALLBACK_TOKEN = 'test-callback-token';

export async function startHarness(): Promise<Harness> {
  const sandbox = createSandbox({ apiKey: PROVIDER_KEY, deliveryDelayMs: 50, callbackToken: CALLBACK_TOKEN });
  const running = await sandbox.start(0);
  const control = sandboxControl(running.url);
  return {
    sandbox,
    url: running.url,
    smtpUrl: running.smtpUrl,
    endpoint: (prefix, overrides) => ({ baseUrl: running.url + prefix, apiKey: PROVIDER_KEY, timeoutMs: 2000, ...overrides }),
    control,
    sentCount: async (channel) => ((await (await control('GET', `/sent?channel=${channel}`)).json()) as { count: number }).count,
    close: running.close,
  };
}

/** A stand-in for our callback endpoint: records every JSON body posted to it, and its Authorization header. */
export async function startCallbackReceiver(): Promise<{ url: string; received: unknown[]; authorizations: (string | undefined)[]; close(): Promise<void> }> {
  const received: unknown[] = [];
  const authorizations: (string | undefined)[] = [];
  const app = express();
  app.use(express.json());
  app.post('/callback', (req, res) => {
    received.push(req.body);
    authorizations.push(req.headers.authorization);
    res.status(204).end();
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    authorizations,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => new Error('expected a ProviderError, got success'),
    (rejection: unknown) => rejection,
  );
  if (!(err instanceof ProviderError)) throw err;
  return err;
}
