// A case's history as the Temporal server stores it holds no debtor PII in
// plaintext, even when a provider error quotes it; the same history decodes and
// replays with the keyring, also after the active key rotates.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ActionRequest } from '../../src/domain';
import { dataConverter } from '../../src/security/data-converter';
import { caseView } from '../../src/workflows/collection-case/messages';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { testDataConverter, testWorker, timeSkippingEnvironment } from '../support/temporal';
import { openTestCase, recordingActivities } from '../support/cases';
import { bookLoans, startTestChannels, type TestChannels } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';
import { TEST_KEYRING } from '../fixtures/keyring';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let channels: TestChannels;

beforeAll(async () => {
  [env, db, channels] = await Promise.all([timeSkippingEnvironment(), openTestDatabase(), startTestChannels()]);
});

afterAll(async () => {
  await env?.teardown();
  await db?.drop();
  await channels?.close();
});

const debtor = { name: '张伟明', phone: '+8613812345678', address: '北京市朝阳区建国路88号' };

test('the stored history holds no PII in plaintext, and decodes and replays with the keyring', async () => {
  const loanId = `pii-${randomUUID()}`;
  const { activities } = recordingActivities(channels.dependencies(db.connection));
  const realPerformAction = activities.performAction;
  let failedOnce = false;
  // A provider error that quotes the debtor, as real providers' errors do.
  activities.performAction = async (request: ActionRequest) => {
    if (!failedOnce) {
      failedOnce = true;
      throw ApplicationFailure.nonRetryable(`number ${debtor.phone} of ${debtor.name}, ${debtor.address} rejected`, 'PROVIDER_REJECTED');
    }
    return realPerformAction(request);
  };
  const worker = await testWorker(env, activities);
  const now = await env.currentTimeMs();
  const loan = overdueLoan({ loanId, nowMs: now, daysPastDue: 1, outstanding: 654_321 });
  // The channels read the debtor's details from the loan book and send them to the providers, never to Temporal.
  await bookLoans(db.connection, [loan], debtor);

  const { history, view } = await worker.runUntil(async () => {
    const handle = await openTestCase(env, loan);
    await env.sleep('8 days');
    return { history: await handle.fetchHistory(), view: await handle.query(caseView) };
  });

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
