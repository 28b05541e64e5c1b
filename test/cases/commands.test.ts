// Supervisor commands and loan-system events on a running case, on the
// time-skipping server with a real worker, the sandbox providers and FerretDB.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../src/activities';
import { DAY_MS, type ActionRequest, type Loan } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { testWorker, timeSkippingEnvironment } from '../support/temporal';
import { loanIdsInVariant, openTestCase, recordingActivities, sleepUntilLocalTime } from '../support/cases';
import { bookLoans, startTestChannels, type TestChannels } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let channels: TestChannels;
let activities: Activities;
let performed: ActionRequest[];

beforeAll(async () => {
  [env, db, channels] = await Promise.all([timeSkippingEnvironment(), openTestDatabase(), startTestChannels()]);
  const recording = recordingActivities(channels.dependencies(db.connection));
  ({ activities, performed } = recording);
});

afterAll(async () => {
  await env?.teardown();
  await db?.drop();
  await channels?.close();
});

const supervisor = { actor: 'supervisor-7' };

// The time-skipping server stops skipping while a case waits on work no worker
// picks up, so every case a test opens is closed after it, pass or fail.
type CaseHandle = Awaited<ReturnType<typeof openTestCase>>;
let opened: CaseHandle[] = [];
const track = (handle: CaseHandle) => (opened.push(handle), handle);

/** Runs the scenario on a fresh worker (a worker runs once), closing its cases at the end. */
async function withWorker(scenario: () => Promise<void>): Promise<void> {
  // No workflow cache: a later worker must not wait on this one's sticky queue.
  const worker = await testWorker(env, activities, { maxCachedWorkflows: 0 });
  await worker.runUntil(async () => {
    try {
      await scenario();
    } finally {
      await Promise.allSettled(opened.map((handle) => handle.executeUpdate(messages.close, { args: [{ actor: 'test', reason: 'test over' }] })));
      await Promise.allSettled(opened.map((handle) => handle.result()));
      opened = [];
    }
  });
}
const stepsOf = (loanId: string) => performed.filter((r) => r.loanId === loanId).map((r) => r.step);

/** A champion-variant, medium-risk loan in the loan book, `daysPastDue` late at 09:00 Shanghai time. */
async function bookedLoan(prefix: string, daysPastDue: number, extra: Partial<Loan> = {}): Promise<Loan> {
  const nowMs = await sleepUntilLocalTime(env, 'Asia/Shanghai', 9);
  const [loanId] = loanIdsInVariant(`${prefix}-${nowMs}`, 'champion', 1);
  const loan = { ...overdueLoan({ loanId, nowMs, daysPastDue, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 }), ...extra };
  await bookLoans(db.connection, [loan]);
  return loan;
}

test('paused at DPD 10 and resumed at DPD 40: nothing goes out meanwhile, then the DPD-30 treatment, not the missed ones', async () => {
  const loan = await bookedLoan('pause', 10);
  await withWorker(async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    expect(stepsOf(loan.loanId)).toEqual(['dpd7-reminder-and-call', 'dpd7-reminder-and-call']);

    const paused = await handle.executeUpdate(messages.pause, { args: [{ ...supervisor, reason: 'hardship review' }] });
    expect(paused.paused).toMatchObject({ reason: 'hardship review', actor: 'supervisor-7' });
    await env.sleep('30 days');
    expect(stepsOf(loan.loanId)).toHaveLength(2);

    await handle.executeUpdate(messages.resume, { args: [supervisor] });
    await env.sleep('1 hour');
    const view = await handle.query(messages.caseView);
    expect(stepsOf(loan.loanId).slice(2)).toEqual(['dpd30-second-demand', 'dpd30-second-demand']);
    expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd15-demand-letter', 'dpd30-second-demand']));
    expect(view.stepOutcomes['dpd15-demand-letter']).toBeUndefined();
  });
});

test('a payment repeated with the same reference is applied once; a rejected command never reaches history; a full payment closes the case as paid', async () => {
  const loan = await bookedLoan('paid', 5);
  await withWorker(async () => {
    const handle = track(await openTestCase(env, loan));
    const payment = { amount: 50_000, date: isoDate(await env.currentTimeMs()), reference: 'bank-ref-1' };
    await handle.signal(messages.paymentReceived, payment);
    await handle.signal(messages.paymentReceived, payment);
    const view = await handle.query(messages.caseView);
    expect(view.balance).toBe(750_000);
    expect(view.recentEvents.filter((event) => event.type === 'payment')).toHaveLength(1);

    // A command the validator rejects returns its reason and never reaches history.
    const rejected = handle.executeUpdate(messages.resume, { args: [supervisor] });
    await expect(rejected).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(rejected.catch((error) => error.cause.message)).resolves.toBe('case is not paused');
    const history = await handle.fetchHistory();
    expect(history.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

    await handle.signal(messages.paymentReceived, { amount: 750_000, date: payment.date, reference: 'bank-ref-2' });
    const result = await handle.result();
    expect(result.outcome).toBe('paid');
    expect(result.view.balance).toBe(0);

    // A finished case answers no more commands.
    await expect(handle.executeUpdate(messages.pause, { args: [{ ...supervisor, reason: 'too late' }] })).rejects.toThrow(/not found|completed/i);
  });
});

test('a partial payment that clears the oldest installment moves DPD back to the next one', async () => {
  const nowMs = await sleepUntilLocalTime(env, 'Asia/Shanghai', 9);
  const [loanId] = loanIdsInVariant(`partial-${nowMs}`, 'champion', 1);
  const base = overdueLoan({ loanId, nowMs, daysPastDue: 40, outstanding: 800_000, lastPaymentDaysAgo: 45 });
  const loan: Loan = {
    ...base,
    installments: [
      { seq: 1, dueDate: isoDate(nowMs - 40 * DAY_MS), amountDue: 100_000, amountPaid: 0 },
      { seq: 2, dueDate: isoDate(nowMs - 10 * DAY_MS), amountDue: 100_000, amountPaid: 0 },
      { seq: 3, dueDate: isoDate(nowMs + 20 * DAY_MS), amountDue: 600_000, amountPaid: 0 },
    ],
  };
  await bookLoans(db.connection, [loan]);
  await withWorker(async () => {
    const handle = track(await openTestCase(env, loan));
    expect((await handle.query(messages.caseView)).daysPastDue).toBe(40);
    await handle.signal(messages.paymentReceived, { amount: 100_000, date: isoDate(nowMs), reference: 'partial-1' });
    const view = await handle.query(messages.caseView);
    expect(view.daysPastDue).toBe(10);
    expect(view.bucket).toBe('M1');
    expect(view.status).toBe('open');
    await handle.signal(messages.paymentReceived, { amount: 100_000, date: isoDate(nowMs), reference: 'partial-2' });
    expect((await handle.result()).outcome).toBe('cured');
  });
});

test('continue-as-new carries the state and the event log forward', async () => {
  const loan = await bookedLoan('can', 1);
  await withWorker(async () => {
    const handle = track(await openTestCase(env, loan, { continueAsNewAfterEvents: 60 }));
    const firstRunId = (await handle.describe()).runId;
    await env.sleep('35 days');
    const view = await handle.query(messages.caseView);
    expect((await handle.describe()).runId).not.toBe(firstRunId);
    expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd1-reminder', 'dpd3-courtesy-call', 'dpd7-reminder-and-call', 'dpd15-demand-letter', 'dpd30-second-demand']));
    expect(view.recentEvents[view.recentEvents.length - 1].seq).toBe(view.eventCount);
    expect(view.eventCount).toBeGreaterThan(60);
    // Each step ran once across the runs.
    const steps = stepsOf(loan.loanId);
    expect(new Set(steps).size).toBe(5);
  });
});
