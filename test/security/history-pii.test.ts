// A case's history as the Temporal server stores it holds no debtor PII in
// plaintext, even when a provider error quotes it; the same history decodes and
// replays with the keyring, also after the active key rotates.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { caseWorkerActivities } from '../../src/cases/worker-activities';
import type { ActionRequest } from '../../src/domain';
import { dataConverter } from '../../src/security/data-converter';
import { caseView } from '../../src/workflows/collection-case/messages';
import { testDataConverter } from '../support/temporal';
import { openTestCase } from '../support/cases';
import { bookLoans } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';
import { caseSuite } from '../support/suites';
import { TEST_KEYRING } from '../fixtures/keyring';

const debtor = { name: '张伟明', phone: '+8613812345678', address: '北京市朝阳区建国路88号' };

// The real activities, but the first action fails with a provider error that quotes the debtor, as real providers' errors do.
const suite = caseSuite({
  activities: (dependencies) => {
    const real = caseWorkerActivities(dependencies);
    let failedOnce = false;
    const performAction = async (request: ActionRequest) => {
      if (failedOnce) return real.performAction(request);
      failedOnce = true;
      throw ApplicationFailure.nonRetryable(`number ${debtor.phone} of ${debtor.name}, ${debtor.address} rejected`, 'PROVIDER_REJECTED');
    };
    return { ...real, performAction };
  },
});

test('the stored history holds no PII in plaintext, and decodes and replays with the keyring', async () => {
  const loanId = `pii-${randomUUID()}`;
  const now = await suite.env.currentTimeMs();
  const loan = overdueLoan({ loanId, nowMs: now, daysPastDue: 1, outstanding: 654_321 });
  // The channels read the debtor's details from the loan book and send them to the providers, never to Temporal.
  await bookLoans(suite.db.connection, [loan], debtor);

  const handle = await openTestCase(suite.env, loan);
  await suite.env.sleep('8 days');
  const history = await handle.fetchHistory();
  const view = await handle.query(caseView);

  // The provider failure is in the history, and the case went on to the fallback letter.
  const failure = history.events?.find((event) => event.activityTaskFailedEventAttributes)?.activityTaskFailedEventAttributes?.failure;
  expect(failure?.message).toBe('Encoded failure');
  expect(view.stepOutcomes['dpd1-reminder']).toBe('delivered');

  const stored = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  for (const secret of [debtor.phone, debtor.name, debtor.address, '13812345678']) {
    expect(stored.includes(Buffer.from(secret))).toBe(false);
  }
  // Payloads are ciphertext: not even the loan's own fields show. (The outstanding
  // amount does, as the ArrearsOutstanding search attribute: amounts are not PII.)
  expect(stored.includes(Buffer.from(loan.debtor.debtorRef))).toBe(false);
  expect(stored.includes(Buffer.from(loan.installments[0].dueDate))).toBe(false);
  // What the server does see: encrypted payloads naming their key.
  expect(stored.includes(Buffer.from('binary/encrypted'))).toBe(true);
  expect(stored.includes(Buffer.from(TEST_KEYRING.activeKeyId))).toBe(true);

  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, dataConverter: testDataConverter }, history, `case-${loanId}`),
  ).resolves.toBeUndefined();

  // After rotation (another key active, the old one kept), the old history still replays.
  const rotated = dataConverter({ activeKeyId: 'test-2025', keys: TEST_KEYRING.keys });
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, dataConverter: rotated }, history, `case-${loanId}`),
  ).resolves.toBeUndefined();

  // Without the key that wrote it, replay fails. (The codec's error names the missing
  // key id, see codec.test.ts; replay reports it as an encoded workflow task failure.)
  const withoutOldKey = dataConverter({ activeKeyId: 'test-2025', keys: new Map([['test-2025', TEST_KEYRING.keys.get('test-2025')!]]) });
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, dataConverter: withoutOldKey }, history, `case-${loanId}`),
  ).rejects.toThrow(/Replay failed/);
});
