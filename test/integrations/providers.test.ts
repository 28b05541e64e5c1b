import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { createProviders, isRetryable, ProviderError } from '../../src/integrations';
import { SmsHttpClient } from '../../src/integrations/sms/client';
import { providerError, startHarness, type Harness } from './harness';
import { PROVIDER_KEY } from '../support/sandbox';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.control('POST', '/reset'));

const message = {
  idempotencyKey: 'case-L9:1',
  to: '+8613800138000',
  templateId: 'reminder',
  locale: 'en',
  variables: { creditor: 'Example Bank', name: 'Alex', pastDueAmount: '$1.00', balance: '$5.00', dueDate: 'May 1, 2027' },
} as const;

describe('createProviders', () => {
  test('unset provider URLs point at the sandbox on SANDBOX_PORT', async () => {
    const port = new URL(harness.url).port;
    const providers = createProviders(loadConfig({ SANDBOX_PORT: port, PROVIDER_API_KEY: PROVIDER_KEY }));

    await providers.sms.send(message);
    await providers.agency.place({
      idempotencyKey: 'case-L9:2',
      placementRef: 'P-9',
      agency: 'Acme Collections',
      loanId: 'L9',
      debtor: { name: 'Alex', phone: '+12125550100', address: { lines: ['1 Main St'], country: 'US' } },
      balance: 100,
      currency: 'USD',
      dpd: 120,
    });

    expect(await harness.sentCount('sms')).toBe(1);
    expect(await harness.sentCount('agency')).toBe(1);
  });

  test('an unset EMAIL_SMTP_URL points e-mail at the sandbox SMTP server on SANDBOX_SMTP_PORT', async () => {
    const providers = createProviders(
      loadConfig({ SANDBOX_PORT: new URL(harness.url).port, SANDBOX_SMTP_PORT: new URL(harness.smtpUrl).port, PROVIDER_API_KEY: PROVIDER_KEY }),
    );
    const unsubscribeUrl = 'https://pay.example.com/opt-out/x.y';
    await providers.email.send({ idempotencyKey: 'case-L9:3', to: 'alex@example.net', fromName: 'Example Bank', subject: 'Hello', text: 'Hi', html: '<p>Hi</p>', unsubscribeUrl });

    expect(await harness.sentCount('email')).toBe(1);
  });

  test('production refuses to fall back to the sandbox, naming what to set', () => {
    const config = loadConfig({ NODE_ENV: 'production', SMS_PROVIDER_URL: 'https://sms.example.com/v1' });

    expect(() => createProviders(config)).toThrow(
      'In production set LETTER_PROVIDER_URL, AGENCY_PROVIDER_URL, COURT_PROVIDER_URL, PUSH_PROVIDER_URL, IM_PROVIDER_URL, PAYMENT_PROVIDER_URL, EMAIL_SMTP_URL; ' +
        'unset provider URLs would go to the sandbox',
    );
  });
});

describe('error classification', () => {
  test('a provider nobody listens on is a retryable NETWORK_ERROR', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));

    const err = await providerError(new SmsHttpClient(harness.endpoint('', { baseUrl: `http://127.0.0.1:${port}` })).send(message));
    expect(err).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, status: undefined });
  });

  test('a 2xx that is not JSON, or JSON of the wrong shape, is a retryable BAD_RESPONSE', async () => {
    // A gateway answering for a provider under maintenance.
    const gateway = createServer((req, res) => res.end(req.method === 'GET' ? '<html>maintenance</html>' : '{"ok":true}'));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    try {
      const sms = new SmsHttpClient(harness.endpoint('', { baseUrl: `http://127.0.0.1:${port}` }));
      const badResponse = { code: 'BAD_RESPONSE', retryable: true, status: 200 };
      expect(await providerError(sms.getStatus('sms_1'))).toMatchObject(badResponse);
      expect(await providerError(sms.send(message))).toMatchObject(badResponse);
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  test('a generic 4xx fault is non-retryable', async () => {
    await harness.control('POST', '/faults', { channel: 'sms', mode: '4xx' });
    expect(await providerError(new SmsHttpClient(harness.endpoint('/sms')).send(message))).toMatchObject({
      status: 400,
      code: 'REJECTED',
      retryable: false,
    });
  });

  test('isRetryable follows ProviderError and retries anything else', () => {
    expect(isRetryable(new ProviderError({ channel: 'sms', code: 'INVALID_NUMBER', retryable: false, status: 400 }))).toBe(false);
    expect(isRetryable(new ProviderError({ channel: 'court', code: 'TIMEOUT', retryable: true }))).toBe(true);
    expect(isRetryable(new Error('socket hang up'))).toBe(true);
  });
});

describe('sandbox protocol', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${harness.url}${path}`, {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${PROVIDER_KEY}`, 'Content-Type': 'application/json', ...headers },
    });

  test('a write without an Idempotency-Key is refused', async () => {
    const response = await post('/sms/messages', JSON.stringify(message));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'IDEMPOTENCY_KEY_REQUIRED', message: expect.any(String) } });
  });

  test('malformed JSON and unknown fields get 400 with a code, naming fields but no values', async () => {
    expect((await post('/sms/messages', '{"to":', { 'Idempotency-Key': 'k1' })).status).toBe(400);

    const response = await post('/sms/messages', JSON.stringify({ ...message, to: 'Alex 555', score: 3 }), {
      'Idempotency-Key': 'k2',
    });
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('to');
    expect(error.message).not.toContain('Alex');
  });

  test('faults can be cleared, and /sent lists every channel', async () => {
    await harness.control('POST', '/faults', { channel: 'sms', mode: '5xx', times: 5 });
    expect((await harness.control('DELETE', '/faults')).status).toBe(204);
    await new SmsHttpClient(harness.endpoint('/sms')).send(message);

    const { sent } = (await (await harness.control('GET', '/sent')).json()) as { sent: Record<string, unknown[]> };
    expect(Object.fromEntries(Object.entries(sent).map(([channel, list]) => [channel, list.length]))).toEqual({
      sms: 1,
      letter: 0,
      agency: 0,
      court: 0,
      email: 0,
      'app-push': 0,
      im: 0,
      payment: 0,
    });
  });

  test('an unknown fault mode is refused', async () => {
    const response = await harness.control('POST', '/faults', { channel: 'sms', mode: 'gremlins' });
    expect(response.status).toBe(400);
  });
});
