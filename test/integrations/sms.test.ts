import { SmsHttpClient } from '../../src/integrations/sms/client';
import type { SmsSendRequest, SmsStatus } from '../../src/integrations/sms/types';
import { providerError, startCallbackReceiver, startHarness, waitFor, type Harness } from './harness';
import { PROVIDER_KEY } from '../support/sandbox';

let harness: Harness;
let sms: SmsHttpClient;

beforeAll(async () => {
  harness = await startHarness();
  sms = new SmsHttpClient(harness.endpoint('/sms'));
});
afterAll(() => harness.close());
beforeEach(() => harness.control('POST', '/reset'));

const PHONE = '+8613800138000';

function reminder(idempotencyKey: string, overrides: Partial<SmsSendRequest> = {}): SmsSendRequest {
  return {
    idempotencyKey,
    to: PHONE,
    templateId: 'reminder',
    locale: 'zh-CN',
    variables: { creditor: '示例银行', name: '张三', pastDueAmount: '¥1,200.00', balance: '¥24,000.00', dueDate: '2027年3月5日' },
    ...overrides,
  };
}

test('sends through the HTTP client and the provider renders the template', async () => {
  const accepted = await sms.send(reminder('case-L1:1'));

  expect(accepted).toEqual({ providerMessageId: expect.stringMatching(/^sms_/), status: 'accepted' });
  expect(harness.sandbox.state.sent.sms).toEqual([
    expect.objectContaining({
      id: accepted.providerMessageId,
      idempotencyKey: 'case-L1:1',
      text: '【示例银行】张三您好，您于2027年3月5日到期的还款已逾期，逾期金额¥1,200.00，待还总额¥24,000.00，请尽快还款。回复TD退订',
    }),
  ]);
});

test('the same idempotency key twice gives the same id and one send', async () => {
  const first = await sms.send(reminder('case-L1:2'));
  const second = await sms.send(reminder('case-L1:2'));

  expect(second.providerMessageId).toBe(first.providerMessageId);
  expect(await harness.sentCount('sms')).toBe(1);
});

test('the same key with a different message is refused and not sent', async () => {
  await sms.send(reminder('case-L1:3'));
  const err = await providerError(sms.send(reminder('case-L1:3', { locale: 'en' })));

  expect(err).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
  expect(await harness.sentCount('sms')).toBe(1);
});

test('a wrong API key gets 401, non-retryable', async () => {
  const intruder = new SmsHttpClient(harness.endpoint('/sms', { apiKey: `${PROVIDER_KEY}-wrong` }));
  const err = await providerError(intruder.send(reminder('case-L1:4')));

  expect(err).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false });
  expect(await harness.sentCount('sms')).toBe(0);
});

test('a provider test number is an invalid number: non-retryable, and the message names no PII', async () => {
  const err = await providerError(sms.send(reminder('case-L1:5', { to: '+15550001234' })));

  expect(err).toMatchObject({ status: 400, code: 'INVALID_NUMBER', retryable: false, channel: 'sms' });
  expect(err.message).toBe('sms provider: invalid recipient number (HTTP 400)');
  expect(err.message).not.toContain('+1555');
  expect(await harness.sentCount('sms')).toBe(0);
});

test('an invalid-number fault hits only the matching recipient', async () => {
  await harness.control('POST', '/faults', { channel: 'sms', mode: '4xx-invalid-number', match: { to: '+8613900139000' } });

  await sms.send(reminder('case-L1:6'));
  const err = await providerError(sms.send(reminder('case-L2:1', { to: '+8613900139000' })));

  expect(err).toMatchObject({ code: 'INVALID_NUMBER', retryable: false });
  expect(await harness.sentCount('sms')).toBe(1);
});

test('a 5xx is retryable, and the retry sends once', async () => {
  await harness.control('POST', '/faults', { channel: 'sms', mode: '5xx', times: 1 });

  const err = await providerError(sms.send(reminder('case-L1:7')));
  expect(err).toMatchObject({ status: 500, retryable: true });
  expect(await harness.sentCount('sms')).toBe(0);

  await sms.send(reminder('case-L1:7'));
  expect(await harness.sentCount('sms')).toBe(1);
});

test('accepted then 5xx: the retry with the same key returns the original id and sends once', async () => {
  await harness.control('POST', '/faults', { channel: 'sms', mode: 'accept-then-5xx' });

  const err = await providerError(sms.send(reminder('case-L1:8')));
  expect(err).toMatchObject({ status: 500, retryable: true });
  const [original] = harness.sandbox.state.sent.sms;

  const retried = await sms.send(reminder('case-L1:8'));
  expect(retried.providerMessageId).toBe(original.id);
  expect(await harness.sentCount('sms')).toBe(1);
});

test('a provider that does not answer in time is a retryable TIMEOUT', async () => {
  await harness.control('POST', '/faults', { channel: 'sms', mode: 'timeout' });
  const impatient = new SmsHttpClient(harness.endpoint('/sms', { timeoutMs: 200 }));

  const started = Date.now();
  const err = await providerError(impatient.send(reminder('case-L1:9')));

  expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true, status: undefined });
  expect(Date.now() - started).toBeLessThan(1500);
  expect(await harness.sentCount('sms')).toBe(0);
});

test('a template variable left out is a non-retryable rejection naming the variable', async () => {
  const err = await providerError(sms.send(reminder('case-L1:10', { variables: { creditor: '示例银行', name: '张三' } })));

  expect(err).toMatchObject({ status: 400, code: 'TEMPLATE_VARIABLE_MISSING', retryable: false });
});

test('delivery status moves from accepted to delivered on the next poll', async () => {
  const { providerMessageId } = await sms.send(reminder('case-L1:11'));

  expect(await sms.getStatus(providerMessageId)).toEqual({ providerMessageId, status: 'delivered' });
});

test('an unreachable number ends failed with a reason', async () => {
  const { providerMessageId } = await sms.send(reminder('case-L1:12', { to: '+15550011234' }));

  expect(await sms.getStatus(providerMessageId)).toEqual({ providerMessageId, status: 'failed', reason: 'UNREACHABLE' });
});

test('an unknown message id is a non-retryable 404', async () => {
  expect(await providerError(sms.getStatus('sms_unknown'))).toMatchObject({
    status: 404,
    code: 'MESSAGE_NOT_FOUND',
    retryable: false,
  });
});

test('delivery is posted to the callback URL without anyone polling', async () => {
  const receiver = await startCallbackReceiver();
  try {
    const { providerMessageId } = await sms.send(reminder('case-L1:13', { callbackUrl: receiver.url }));

    const callback = await waitFor(() => receiver.received[0] as SmsStatus | undefined);
    expect(callback).toEqual({ providerMessageId, status: 'delivered' });
  } finally {
    await receiver.close();
  }
});
