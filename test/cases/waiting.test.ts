// A case that waits is visible while it waits: the read model, the audit trail
// and the case's "waiting for" line are written before every wait, on the
// time-skipping server with the real activities, the sandbox and FerretDB.
import { caseModel, caseViewModel, type CaseRecord } from '../../src/db/cases';
import { auditModel, type AuditRecord } from '../../src/db/audit';
import { DEFAULT_STRATEGY, type CaseView } from '../../src/domain';
import { nextLocalTime } from '../../src/domain/compliance';
import type { CaseProgress } from '../../src/activities/case-records';
import { caseView, paymentReceived } from '../../src/workflows/collection-case/messages';
import { closeTestCase, loanIdsInVariant, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { isoDate, overdueLoan } from '../support/loans';
import { caseSuite } from '../support/suites';

const suite = caseSuite();

/** The view the case published last with a wait of the given kind first, once it has. */
const publishedWaiting = (caseId: string, kind: string) =>
  suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.caseId === caseId && input.view.waitingFor?.[0]?.kind === kind);

test('a case whose first contact waits for the end of quiet hours is listed, has a timeline and says what it waits for', async () => {
  // 23:00 in Shanghai: NIFA's quiet hours hold the DPD-7 SMS until 08:00.
  const nowMs = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 23);
  const [loanId] = loanIdsInVariant(`night-${nowMs}`, 'champion', 1);
  const loan = overdueLoan({ loanId, nowMs, daysPastDue: 7, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 });
  const handle = await openCaseOn(suite, loan, DEFAULT_STRATEGY);
  const deferred = await publishedWaiting(handle.workflowId, 'contact-deferred');
  const waiting = (deferred.input as CaseProgress).view.waitingFor[0];
  // 08:00 is tomorrow in Shanghai, so the line names the day.
  expect(waiting.kind).toBe('contact-deferred');
  expect(waiting.reason).toMatch(/^sms for step dpd7-reminder-and-call deferred by nifa-quiet-22-08 until \d{4}-\d{2}-\d{2} 08:00 Asia\/Shanghai$/);
  expect(Date.parse(waiting.until!)).toBe(nextLocalTime(nowMs, 'Asia/Shanghai', 8));

  // While it waits: in the list, with its timeline, and its live view says the same.
  const row = await caseModel(suite.db.connection).findById(handle.workflowId).lean<CaseRecord>();
  expect(row).toMatchObject({ status: 'open', stage: 'collect', daysPastDue: 7, bucket: 'M1' });
  const stored = await caseViewModel(suite.db.connection).findById(handle.workflowId).lean<{ view: CaseView }>();
  expect(stored?.view.waitingFor[0].kind).toBe('contact-deferred');
  const timeline = await auditModel(suite.db.connection).find({ caseId: handle.workflowId }).sort({ seq: 1 }).lean<AuditRecord[]>();
  expect(timeline.map((event) => event.type)).toEqual(expect.arrayContaining(['opened', 'assessed', 'decision', 'action']));
  expect(timeline.at(-1)?.reason).toMatch(/deferred to .*nifa-quiet-22-08|quiet/);
  expect((await handle.query(caseView)).waitingFor[0].kind).toBe('contact-deferred');

  // At 08:00 the SMS goes out, the call is queued, and the case waits for the agent's report and the next step.
  await suite.env.sleep('9 hours');
  const next = await publishedWaiting(handle.workflowId, 'next-step');
  const view = (next.input as CaseProgress).view;
  expect(view.waitingFor[0].reason).toMatch(/^next step dpd15-plan-offer or dpd15-demand-letter at DPD 15, on \d{4}-\d{2}-\d{2}$/);
  expect(view.nextAction).toMatchObject({ step: 'dpd15-plan-offer or dpd15-demand-letter', atDpd: 15 });
  expect(view.waitingFor.slice(1)).toEqual([
    { kind: 'task-outcome', reason: `the outcome of call task ${handle.workflowId}:2 (step dpd7-reminder-and-call)` },
  ]);
  await closeTestCase(handle);
});

test('a payment in full while a contact waits for quiet hours to end: the contact is dropped and the case closes as paid at once', async () => {
  const nowMs = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', 23);
  const [loanId] = loanIdsInVariant(`night-paid-${nowMs}`, 'champion', 1);
  const loan = overdueLoan({ loanId, nowMs, daysPastDue: 7, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 });
  const handle = await openCaseOn(suite, loan, DEFAULT_STRATEGY);
  await publishedWaiting(handle.workflowId, 'contact-deferred');
  await handle.signal(paymentReceived, { amount: 800_000, date: isoDate(nowMs), reference: 'bank-night-1' });
  const { outcome, view } = await handle.result();
  expect(outcome).toBe('paid');
  // Closed the moment the payment came, hours before the 08:00 the SMS waited for.
  expect(Date.parse(view.closure!.at)).toBeLessThan(nextLocalTime(nowMs, 'Asia/Shanghai', 8));
  expect(suite.channels.sent('sms').filter((sms) => sms.idempotencyKey.startsWith(`${handle.workflowId}:`))).toEqual([]);
});
