// The compliance guard on real cases: Regulation F's call caps for a debtor in
// New York, and NIFA's quiet hours for a debtor in Shanghai. A deferred contact
// waits on a durable timer and goes out when the window opens; the contact log
// and the sandbox show when.
import type { ActionResult, ActionRequest, Step } from '../../src/domain';
import { localDateTime } from '../../src/domain/compliance';
import { workQueue } from '../../src/db/tasks';
import { claimTask } from '../../src/cases/task-claims';
import { reportTaskOutcome } from '../../src/cases/task-outcomes';
import { caseIdFor } from '../../src/domain';
import { closeTestCase, contactsOf, oneLadder, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { overdueLoan, usLoan } from '../support/loans';
import { caseSuite } from '../support/suites';
import { type Finished } from '../support/activities';

const suite = caseSuite();
const DAY = 86_400_000;

const phone = { channel: 'phone' } as const;
/** Reg F: the validation notice goes with the first contact, so later collection contact is not held for it. */
const validationNotice = { channel: 'letter', template: 'validation-notice' } as const;

/** The call for action `seq` of the loan's case, once it has finished with `status`. */
function action(loanId: string, seq: number, status: ActionResult['status']) {
  return suite.observed.finish<ActionRequest>(
    'performAction',
    ({ input, output }) => input.loanId === loanId && input.seq === seq && (output as ActionResult | undefined)?.status === status,
  ) as Promise<Finished & { input: ActionRequest; output: ActionResult }>;
}

async function sleepUntil(businessMs: number): Promise<void> {
  await suite.env.sleep(businessMs - (await suite.env.currentTimeMs()));
}

test('Reg F: the eighth call attempt within seven days waits until the first drops out of the window', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'cap-1', nowMs: now, daysPastDue: 1 });
  const twoCalls = (atDpd: number): Step => ({ id: `dpd${atDpd}-calls`, atDpd, actions: [phone, phone] });
  const ladder = oneLadder('seven-in-seven', [{ id: 'dpd1-calls', atDpd: 1, actions: [validationNotice, phone, phone] }, twoCalls(2), twoCalls(3), twoCalls(4)]);
  const tasksOfCase = async () => (await workQueue(suite.db.connection).openIn('calls', 50)).filter((task) => task.loanId === loan.loanId);

  const handle = await openCaseOn(suite, loan, ladder);
  await suite.env.sleep('4 days');
  // Letter (seq 1), then calls: seq 2–8 are the first seven attempts, seq 9 the eighth.
  const deferred = await action(loan.loanId, 9, 'deferred');
  const tasksWhileDeferred = await tasksOfCase();
  await sleepUntil(deferred.output.status === 'deferred' ? deferred.output.untilMs + 60_000 : 0);
  const sent = await action(loan.loanId, 9, 'sent');
  const tasksAfter = await tasksOfCase();
  await closeTestCase(handle);

  const contacts = await contactsOf(suite, loan.loanId);
  const firstCall = contacts.find((contact) => contact.seq === 2)!;
  expect(deferred.output).toMatchObject({ status: 'deferred', rule: 'regf-1014b2-7in7', untilMs: firstCall.at.getTime() + 7 * DAY });
  expect(deferred.output.status === 'deferred' && deferred.output.reason).toBe('7 attempts in the last 7 days; the limit is 7');
  expect(tasksWhileDeferred).toHaveLength(7);
  expect(tasksAfter).toHaveLength(8);

  const eighth = contacts.find((contact) => contact.seq === 9)!;
  expect(eighth).toMatchObject({ status: 'sent', profile: 'US_REG_F' });
  expect(sent.input.atMs).toBe(eighth.at.getTime());
  expect(eighth.at.getTime() - (firstCall.at.getTime() + 7 * DAY)).toBeGreaterThanOrEqual(0);
  expect(eighth.at.getTime() - (firstCall.at.getTime() + 7 * DAY)).toBeLessThan(60_000);
  expect(tasksAfter.find((task) => task.taskId === eighth.idempotencyKey)!.dueAt).toEqual(eighth.at);
});

test('Reg F: no call for seven days after a conversation', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'quiet-after-1', nowMs: now, daysPastDue: 1 });
  const ladder = oneLadder('quiet-after-conversation', [
    { id: 'dpd1-call', atDpd: 1, actions: [validationNotice, phone] },
    { id: 'dpd3-call', atDpd: 3, actions: [phone] },
  ]);
  const firstCall = `${caseIdFor(loan.loanId)}:2`;

  const handle = await openCaseOn(suite, loan, ladder);
  await action(loan.loanId, 2, 'sent');
  // The agent takes the call an hour after the task was queued, and reaches the debtor.
  await suite.env.sleep('1 hour');
  const atMs = await suite.env.currentTimeMs();
  await claimTask(suite.env.client, suite.db.connection, { taskId: firstCall, agent: 'agent-1', atMs });
  await reportTaskOutcome(suite.env.client, suite.db.connection, { taskId: firstCall, outcome: 'contacted', agent: 'agent-1', atMs });
  await suite.observed.finish<{ taskId: string }>('recordTaskOutcome', ({ input }) => input.taskId === firstCall);
  await suite.env.sleep('3 days');
  const deferred = await action(loan.loanId, 3, 'deferred');
  await sleepUntil(deferred.output.status === 'deferred' ? deferred.output.untilMs + 60_000 : 0);
  const sent = await action(loan.loanId, 3, 'sent');
  await closeTestCase(handle);

  const [, call, secondCall] = await contactsOf(suite, loan.loanId);
  expect(call).toMatchObject({ seq: 2, contactOutcome: 'conversation' });
  const conversationAt = call.outcomeAt!.getTime();
  expect(conversationAt - call.at.getTime()).toBeGreaterThanOrEqual(3_600_000);
  // DPD 3 came two days after the conversation: the call waited for the seventh day after it.
  expect(deferred.input.daysPastDue).toBe(3);
  expect(deferred.output).toMatchObject({ status: 'deferred', rule: 'regf-1014b2-7days-after-conversation', untilMs: conversationAt + 7 * DAY });
  expect(secondCall).toMatchObject({ seq: 3, status: 'sent' });
  expect(sent.input.atMs - (conversationAt + 7 * DAY)).toBeGreaterThanOrEqual(0);
  expect(sent.input.atMs - (conversationAt + 7 * DAY)).toBeLessThan(60_000);
});

test('NIFA quiet hours: an SMS due at 23:00 in Shanghai goes out at 08:00 Shanghai time', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 23);
  const loan = overdueLoan({ loanId: 'quiet-hours-1', nowMs: now, daysPastDue: 1 });
  const ladder = oneLadder('late-reminder', [{ id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'payment-reminder' }] }]);
  const key = `${caseIdFor(loan.loanId)}:1`;
  const sentFor = () => suite.channels.sent('sms').filter((record) => record.idempotencyKey === key);

  const handle = await openCaseOn(suite, loan, ladder);
  const deferred = await action(loan.loanId, 1, 'deferred');
  const eight = deferred.output.status === 'deferred' ? deferred.output.untilMs : 0;
  await sleepUntil(eight - 60_000);
  const sentBeforeEight = sentFor().length;
  const wallAtSevenFiftyNine = Date.now();
  await sleepUntil(eight + 60_000);
  await action(loan.loanId, 1, 'sent');
  await closeTestCase(handle);

  expect(localDateTime(deferred.input.atMs, 'Asia/Shanghai')).toMatchObject({ hour: 23, minute: 0 });
  expect(deferred.output).toMatchObject({ status: 'deferred', rule: 'nifa-quiet-22-08' });
  expect(deferred.output.status === 'deferred' && localDateTime(deferred.output.untilMs, 'Asia/Shanghai')).toMatchObject({ hour: 8, minute: 0, second: 0 });
  expect(sentBeforeEight).toBe(0);
  // The provider took the message only after business time had passed 07:59 in Shanghai...
  const [sent] = sentFor();
  expect(sentFor()).toHaveLength(1);
  expect(Date.parse(sent.at)).toBeGreaterThanOrEqual(wallAtSevenFiftyNine);
  // ...and the contact log dates it 08:00 Shanghai time.
  const [contact] = await contactsOf(suite, loan.loanId);
  expect(contact).toMatchObject({ status: 'sent', providerRef: sent.id, deferredUntil: new Date(deferred.output.status === 'deferred' ? deferred.output.untilMs : 0) });
  expect(localDateTime(contact.at.getTime(), 'Asia/Shanghai')).toMatchObject({ hour: 8, minute: 0 });
});
