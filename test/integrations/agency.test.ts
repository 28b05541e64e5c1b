import { AgencyHttpClient } from '../../src/integrations/agency/client';
import type { AgencyCollectionReport, AgencyPlacementRequest } from '../../src/integrations/agency/types';
import { CALLBACK_TOKEN, providerError, startCallbackReceiver, startHarness, waitFor, type Harness } from './harness';

let harness: Harness;
let agency: AgencyHttpClient;

beforeAll(async () => {
  harness = await startHarness();
  agency = new AgencyHttpClient(harness.endpoint('/agency'));
});
afterAll(() => harness.close());
beforeEach(() => harness.control('POST', '/reset'));

function placement(placementRef: string, callbackUrl?: string): AgencyPlacementRequest {
  return {
    idempotencyKey: `case-L1:place:${placementRef}`,
    placementRef,
    agency: 'Acme Collections',
    loanId: 'L1',
    debtor: { name: '张三', phone: '+8613800138000', address: { lines: ['北京市朝阳区建国路1号'], country: 'CN' } },
    balance: 1_200_000,
    currency: 'CNY',
    dpd: 95,
    callbackUrl,
  };
}

test('place, a reported collection (polled and called back), then recall', async () => {
  const receiver = await startCallbackReceiver();
  try {
    expect(await agency.place(placement('P-1', receiver.url))).toEqual({ placementRef: 'P-1', status: 'placed' });

    const reported = await harness.control('POST', '/agency/collections', {
      placementRef: 'P-1',
      amount: 300_000,
      date: '2025-03-10',
      reference: 'AG-778',
    });
    expect(reported.status).toBe(201);

    const collection = { amount: 300_000, date: '2025-03-10', reference: 'AG-778' };
    expect(await agency.collections('P-1')).toEqual([collection]);
    const callback = await waitFor(() => receiver.received[0] as AgencyCollectionReport | undefined);
    expect(callback).toEqual({ event: 'collection-reported', placementRef: 'P-1', collection });
    expect(receiver.authorizations).toEqual([`Bearer ${CALLBACK_TOKEN}`]);

    const recalled = await agency.recall({ idempotencyKey: 'case-L1:recall:P-1', placementRef: 'P-1', reason: 'settled' });
    expect(recalled).toEqual({ placementRef: 'P-1', status: 'recalled' });
    expect(harness.sandbox.state.sent.agency.map((sent) => sent.operation)).toEqual(['place', 'recall']);
  } finally {
    await receiver.close();
  }
});

test('the agency receives only what it needs, whatever the caller passed', async () => {
  const request = placement('P-2');
  const withInternals = {
    ...request,
    score: 412,
    notes: 'said he lost his job',
    debtor: { ...request.debtor, segment: 'high-risk' },
  };
  await agency.place(withInternals);

  expect(harness.sandbox.state.sent.agency[0].request).toEqual({
    placementRef: 'P-2',
    agency: 'Acme Collections',
    loanId: 'L1',
    debtor: request.debtor,
    balance: 1_200_000,
    currency: 'CNY',
    dpd: 95,
  });
});

test('placing and recalling are idempotent per key; a new key cannot place or recall twice', async () => {
  await agency.place(placement('P-3'));
  await agency.place(placement('P-3'));
  const duplicate = await providerError(agency.place({ ...placement('P-3'), idempotencyKey: 'another-key' }));
  expect(duplicate).toMatchObject({ status: 409, code: 'PLACEMENT_EXISTS', retryable: false });

  const recall = { idempotencyKey: 'case-L1:recall:P-3', placementRef: 'P-3', reason: 'paid' } as const;
  await agency.recall(recall);
  expect(await agency.recall(recall)).toEqual({ placementRef: 'P-3', status: 'recalled' });
  const again = await providerError(agency.recall({ ...recall, idempotencyKey: 'another-recall' }));
  expect(again).toMatchObject({ status: 409, code: 'PLACEMENT_RECALLED', retryable: false });

  expect(await harness.sentCount('agency')).toBe(2);
});

test('recalling an unknown placement is a non-retryable 404', async () => {
  const err = await providerError(agency.recall({ idempotencyKey: 'k', placementRef: 'P-404', reason: 'case-closed' }));
  expect(err).toMatchObject({ status: 404, code: 'PLACEMENT_NOT_FOUND', retryable: false });
});

test('a 5xx on placement is retryable and the retry places once', async () => {
  await harness.control('POST', '/faults', { channel: 'agency', mode: 'accept-then-5xx' });

  expect(await providerError(agency.place(placement('P-5')))).toMatchObject({ retryable: true });
  expect(await agency.place(placement('P-5'))).toEqual({ placementRef: 'P-5', status: 'placed' });
  expect(await harness.sentCount('agency')).toBe(1);
});
