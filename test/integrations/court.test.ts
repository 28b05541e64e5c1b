import { CourtFilingHttpClient } from '../../src/integrations/court/client';
import { DOCUMENT_TYPES, type CourtFilingRequest } from '../../src/integrations/court/types';
import { providerError, startHarness, type Harness } from './harness';

let harness: Harness;
let court: CourtFilingHttpClient;

beforeAll(async () => {
  harness = await startHarness();
  court = new CourtFilingHttpClient(harness.endpoint('/court'));
});
afterAll(() => harness.close());
beforeEach(() => harness.control('POST', '/reset'));

type DocumentType = (typeof DOCUMENT_TYPES)[number];

function filing(caseRef: string, documentTypes: DocumentType[] = ['statement-of-claim', 'loan-agreement']): CourtFilingRequest {
  return {
    idempotencyKey: `case-${caseRef}:file`,
    caseRef,
    package: {
      claimant: { name: 'Example Bank', address: { lines: ['100 Bank Plaza', 'Chicago, IL 60601'], country: 'US' } },
      defendant: { name: 'Alex Doe', address: { lines: ['1 Main St', 'Springfield, IL 62701'], country: 'US' } },
      amountClaimed: 123_456,
      currency: 'USD',
      documents: documentTypes.map((type) => ({ type, title: `${type} for ${caseRef}` })),
    },
  };
}

test('a filing is submitted once, then accepted and a hearing scheduled as we poll', async () => {
  const submitted = await court.file(filing('L1'));
  expect(submitted).toEqual({ filingId: expect.stringMatching(/^fil_/), status: 'submitted' });
  expect(await court.file(filing('L1'))).toEqual(submitted);
  expect(await harness.sentCount('court')).toBe(1);

  expect(await court.getStatus(submitted.filingId)).toEqual({ filingId: submitted.filingId, status: 'accepted' });
  expect(await court.getStatus(submitted.filingId)).toEqual({
    filingId: submitted.filingId,
    status: 'hearing-scheduled',
    hearingDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  });
});

test('a package without a statement of claim is rejected with a reason', async () => {
  const { filingId } = await court.file(filing('L2', ['loan-agreement']));

  expect(await court.getStatus(filingId)).toEqual({ filingId, status: 'rejected', reason: 'MISSING_STATEMENT_OF_CLAIM' });
});

test('a second filing for the same case under a new key is refused', async () => {
  await court.file(filing('L3'));
  const err = await providerError(court.file({ ...filing('L3'), idempotencyKey: 'another-key' }));

  expect(err).toMatchObject({ status: 409, code: 'CASE_ALREADY_FILED', retryable: false });
  expect(await harness.sentCount('court')).toBe(1);
});

test('a rate limit is retryable and carries Retry-After', async () => {
  await harness.control('POST', '/faults', { channel: 'court', mode: '429' });

  expect(await providerError(court.file(filing('L4')))).toMatchObject({
    status: 429,
    code: 'RATE_LIMITED',
    retryable: true,
    retryAfterMs: 1000,
  });
});
