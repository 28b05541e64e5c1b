import { PaymentHttpClient } from '../../src/integrations/payments/client';
import type { ChargeRequest } from '../../src/domain';
import { providerError, startHarness, type Harness } from './harness';

let harness: Harness;
let payments: PaymentHttpClient;

beforeAll(async () => {
  harness = await startHarness();
  payments = new PaymentHttpClient(harness.endpoint('/payments'));
});
afterAll(() => harness.close());
beforeEach(() => harness.control('POST', '/reset'));

function charge(key: string, number = '4242424242424242'): ChargeRequest {
  return { idempotencyKey: key, amount: 100_000, currency: 'CNY', reference: 'case-L1', method: { type: 'card', number } };
}

test('a charge succeeds once per idempotency key; the sandbox keeps the card\'s last four digits only', async () => {
  const first = await payments.charge(charge('self-service-payment-case-L1-a'));
  expect(first).toEqual({ chargeId: expect.stringMatching(/^ch_/), status: 'succeeded' });
  expect(await payments.charge(charge('self-service-payment-case-L1-a'))).toEqual(first);
  expect(await harness.sentCount('payment')).toBe(1);
  expect(harness.sandbox.state.sent.payment[0].request).toEqual({ amount: 100_000, currency: 'CNY', reference: 'case-L1', method: { type: 'card', last4: '4242' } });
});

test('the sandbox\'s test cards are declined with the reason', async () => {
  expect(await payments.charge(charge('k-declined', '4000000000000002'))).toEqual({ chargeId: expect.any(String), status: 'declined', reason: 'card_declined' });
  expect(await payments.charge(charge('k-funds', '4000000000009995'))).toEqual({ chargeId: expect.any(String), status: 'declined', reason: 'insufficient_funds' });
});

test('a 5xx after the provider charged is retried under the same key: one charge, the same answer', async () => {
  await harness.control('POST', '/faults', { channel: 'payment', mode: 'accept-then-5xx' });
  const failed = await providerError(payments.charge(charge('k-retry')));
  expect(failed).toMatchObject({ channel: 'payment', status: 500, retryable: true });
  const retried = await payments.charge(charge('k-retry'));
  expect(retried.status).toBe('succeeded');
  expect(harness.sandbox.state.sent.payment).toEqual([expect.objectContaining({ id: retried.chargeId, idempotencyKey: 'k-retry' })]);
});

test('a request the provider refuses is not retryable', async () => {
  const refused = await providerError(payments.charge({ ...charge('k-bad'), method: { type: 'card', number: '12' } }));
  expect(refused).toMatchObject({ status: 400, code: 'INVALID_REQUEST', retryable: false });
  expect(await harness.sentCount('payment')).toBe(0);
});
