// Exactly once, when things go wrong between the case and the provider: a 5xx
// after the provider already took the message, and a worker that dies after
// the provider took it but before the case heard. Either way the debtor gets
// one SMS, and the contact log holds one entry that says it was sent.
import { Context } from '@temporalio/activity';
import { caseWorkerActivities } from '../../src/cases/worker-activities';
import type { ActionRequest, ActionResult } from '../../src/domain';
import type { Providers } from '../../src/integrations';
import { caseIdFor } from '../../src/domain';
import { closeTestCase, contactsOf, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { overdueLoan } from '../support/loans';
import { testWorker } from '../support/temporal';
import { caseSuite } from '../support/suites';

const suite = caseSuite();

const reminderBySms = oneLadder('sms-reminder', [
  { id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'payment-reminder', fallback: ['letter'] }] },
]);

function smsSent(loanId: string) {
  return suite.observed.finish<ActionRequest>('performAction', ({ input, output }) => input.loanId === loanId && (output as ActionResult | undefined)?.status === 'sent');
}

test('a 5xx after the provider took the message is retried under the same key: one SMS', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'five-hundred-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;
  await suite.channels.control('POST', '/faults', { channel: 'sms', mode: 'accept-then-5xx' });

  const handle = await openCaseOn(suite, loan, reminderBySms);
  const sent = await smsSent(loan.loanId);
  await closeTestCase(handle);

  const attempts = suite.observed.finished.filter((entry) => entry.name === 'performAction' && (entry.input as ActionRequest).loanId === loan.loanId);
  expect(attempts.map((attempt) => (attempt.input as ActionRequest).idempotencyKey)).toEqual([key, key]);
  expect(String(attempts[0].error)).toContain('HTTP 500');
  const messages = suite.channels.sent('sms').filter((record) => record.idempotencyKey === key);
  expect(messages).toHaveLength(1);
  expect(sent.output).toMatchObject({ status: 'sent', providerRef: messages[0].id });
  expect(suite.channels.sent('letter').filter((record) => record.idempotencyKey.startsWith(caseIdFor(loan.loanId)))).toEqual([]);
  const contacts = await contactsOf(suite, loan.loanId);
  expect(contacts).toHaveLength(1);
  expect(contacts[0]).toMatchObject({ idempotencyKey: key, status: 'sent', providerRef: messages[0].id });
});

test('a worker that dies after the provider took the message: the next worker finishes the send, and there is one SMS', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId: 'killed-1', nowMs: now, daysPastDue: 1 });
  const key = `${caseIdFor(loan.loanId)}:1`;

  // On the first worker the provider takes the message, and the answer never comes back: the worker is shut
  // down mid-send, and its shutdown cancels the activity before the contact log or the case hear of the send.
  let accepted!: () => void;
  const providerAccepted = new Promise<void>((resolve) => (accepted = resolve));
  const real = suite.channels.providers;
  const neverAnswering: Providers = {
    ...real,
    sms: {
      send: async (request) => {
        await real.sms.send(request);
        accepted();
        return Context.current().cancelled;
      },
      getStatus: (id) => real.sms.getStatus(id),
    },
  };
  // The file's worker stands aside while the first worker has the case, and takes it over after.
  const { handle, afterFirst } = await suite.withoutWorker(async () => {
    // No workflow cache, so no sticky queue: the time-skipping server would keep the case's next workflow
    // task on the dead worker's sticky queue, where a real server gives up after the schedule-to-start timeout.
    const first = await testWorker(suite.env, caseWorkerActivities(suite.channels.dependencies(suite.db.connection, { providers: neverAnswering })), {
      maxCachedWorkflows: 0,
    });
    const firstRun = first.run();
    const handle = await openCaseOn(suite, loan, reminderBySms);
    await providerAccepted;
    first.shutdown();
    await firstRun;
    return { handle, afterFirst: await contactsOf(suite, loan.loanId) };
  });

  const sent = await smsSent(loan.loanId);
  const contacts = await contactsOf(suite, loan.loanId);
  await closeTestCase(handle);

  expect(afterFirst).toEqual([expect.objectContaining({ idempotencyKey: key, status: 'pending' })]);
  const messages = suite.channels.sent('sms').filter((record) => record.idempotencyKey === key);
  expect(messages).toHaveLength(1);
  expect(sent.input.idempotencyKey).toBe(key);
  expect(sent.output).toMatchObject({ status: 'sent', providerRef: messages[0].id });
  expect(contacts).toHaveLength(1);
  expect(contacts[0]).toMatchObject({ idempotencyKey: key, status: 'sent', providerRef: messages[0].id });
});
