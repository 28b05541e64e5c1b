// Payments from the loan system on a running case, on the time-skipping server
// with the case activities stubbed: each applied once by its reference, DPD
// recomputed from the oldest unpaid installment, the case closed when nothing
// is left to collect.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DAY_MS, type Loan } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { isoDate } from '../support/loans';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test('a payment repeated with the same reference is applied once; a rejected command never reaches history; a full payment closes the case as paid', async () => {
  const loan = await cases.loan('paid', 5);
  const handle = await cases.open(loan, { record: 'full-payment-closes' });
  const payment = { amount: 50_000, date: isoDate(await suite.env.currentTimeMs()), reference: 'bank-ref-1' };
  await handle.signal(messages.paymentReceived, payment);
  await handle.signal(messages.paymentReceived, payment);
  const view = await handle.query(messages.caseView);
  expect(view.balance).toBe(750_000);
  expect(view.recentEvents.filter((event) => event.type === 'payment')).toHaveLength(1);

  // A command the validator rejects returns its reason and never reaches history.
  const rejected = handle.executeUpdate(messages.resume, { args: [SUPERVISOR] });
  await expect(rejected).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(rejected.catch((error) => error.cause.message)).resolves.toBe('case is not paused');
  const history = await handle.fetchHistory();
  expect(history.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

  await handle.signal(messages.paymentReceived, { amount: 750_000, date: payment.date, reference: 'bank-ref-2' });
  const result = await handle.result();
  expect(result.outcome).toBe('paid');
  expect(result.view.balance).toBe(0);
  // The last thing the case published is the closed case, paid.
  expect(suite.stub.views(handle.workflowId).at(-1)).toMatchObject({ status: 'closed', balance: 0, closure: { outcome: 'paid', actor: 'system' } });
  expect(suite.stub.trail(handle.workflowId).filter((event) => event.type === 'payment').map((event) => event.actor)).toEqual(['bank-ref-1', 'bank-ref-2']);

  // A finished case answers no more commands.
  await expect(handle.executeUpdate(messages.pause, { args: [{ ...SUPERVISOR, reason: 'too late' }] })).rejects.toThrow(/not found|completed/i);
});

test('a partial payment that clears the oldest installment moves DPD back to the next one', async () => {
  const base = await cases.loan('partial', 40);
  const nowMs = await suite.env.currentTimeMs();
  const loan: Loan = {
    ...base,
    installments: [
      { seq: 1, dueDate: isoDate(nowMs - 40 * DAY_MS), amountDue: 100_000, amountPaid: 0 },
      { seq: 2, dueDate: isoDate(nowMs - 10 * DAY_MS), amountDue: 100_000, amountPaid: 0 },
      { seq: 3, dueDate: isoDate(nowMs + 20 * DAY_MS), amountDue: 600_000, amountPaid: 0 },
    ],
  };
  const handle = await cases.open(loan, { record: 'partial-payment' });
  expect((await handle.query(messages.caseView)).daysPastDue).toBe(40);
  await handle.signal(messages.paymentReceived, { amount: 100_000, date: isoDate(nowMs), reference: 'partial-1' });
  const view = await handle.query(messages.caseView);
  expect(view.daysPastDue).toBe(10);
  expect(view.bucket).toBe('M1');
  expect(view.status).toBe('open');
  await handle.signal(messages.paymentReceived, { amount: 100_000, date: isoDate(nowMs), reference: 'partial-2' });
  expect((await handle.result()).outcome).toBe('cured');
});
