// Supervisor commands and loan-system events on a running case, on the
// time-skipping server with a real worker, the sandbox providers and FerretDB.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseWorkerActivities } from '../../src/cases/worker-activities';
import { DAY_MS, DEFAULT_STRATEGY, type ActionRequest, type Loan, type Strategy } from '../../src/domain';
import { auditModel, type AuditRecord } from '../../src/db/audit';
import * as messages from '../../src/workflows/collection-case/messages';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { testWorker, timeSkippingEnvironment } from '../support/temporal';
import { loanIdsInVariant, openTestCase, recordingActivities, sleepUntilLocalTime } from '../support/cases';
import { bookLoans, startTestChannels, type TestChannels } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';
import { recordHistory } from '../support/histories';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let channels: TestChannels;
let activities: CaseWorkerActivities;
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

/**
 * Runs the scenario on a fresh worker (a worker runs once), closing its cases at
 * the end; with RECORD_HISTORIES=1 their histories become fixtures named `name`.
 */
async function withWorker(name: string, scenario: () => Promise<void>): Promise<void> {
  // No workflow cache: a later worker must not wait on this one's sticky queue.
  const worker = await testWorker(env, activities, { maxCachedWorkflows: 0 });
  await worker.runUntil(async () => {
    try {
      await scenario();
    } finally {
      await Promise.allSettled(opened.map((handle) => handle.executeUpdate(messages.close, { args: [{ actor: 'test', reason: 'test over' }] })));
      await Promise.allSettled(opened.map((handle) => handle.result()));
      const scenarioName = expect.getState().currentTestName ?? name;
      for (const [i, handle] of opened.entries()) await recordHistory(handle, opened.length > 1 ? `${name}-${i + 1}` : name, scenarioName);
      opened = [];
    }
  });
}
const stepsOf = (loanId: string) => performed.filter((r) => r.loanId === loanId).map((r) => r.step);
/** Each action the case put to a channel (a deferred one again when it retries) as `step channel @DPD`, in order. */
const actionsOf = (loanId: string) => performed.filter((r) => r.loanId === loanId).map((r) => `${r.step} ${r.channel} @${r.daysPastDue}`);
/** The case's audit trail as the case last published it (before it last waited). */
const auditOf = (caseId: string) => auditModel(db.connection).find({ caseId }).sort({ seq: 1 }).lean<AuditRecord[]>();
/** A timer's event: at or just after the instant it was set for (the server fires timers a few ms late). */
function expectSoonAfter(at: Date, instantMs: number): void {
  expect(at.getTime()).toBeGreaterThanOrEqual(instantMs);
  expect(at.getTime() - instantMs).toBeLessThan(60_000);
}
const HOUR_MS = 3_600_000;
const DPD7 = ['dpd7-reminder-and-call sms @10', 'dpd7-reminder-and-call phone @10'];

/** A champion-variant, medium-risk loan in the loan book, `daysPastDue` late at `localHour`:00 (09:00 unless told) Shanghai time. */
async function bookedLoan(prefix: string, daysPastDue: number, extra: Partial<Loan> = {}, localHour = 9): Promise<Loan> {
  const nowMs = await sleepUntilLocalTime(env, 'Asia/Shanghai', localHour);
  const [loanId] = loanIdsInVariant(`${prefix}-${nowMs}`, 'champion', 1);
  const loan = { ...overdueLoan({ loanId, nowMs, daysPastDue, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 }), ...extra };
  await bookLoans(db.connection, [loan]);
  return loan;
}

test('paused at DPD 10 and resumed at DPD 40: nothing goes out meanwhile, then the DPD-30 treatment, not the missed ones', async () => {
  const loan = await bookedLoan('pause', 10);
  await withWorker('pause-and-resume', async () => {
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
  await withWorker('full-payment-closes', async () => {
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
  await withWorker('partial-payment', async () => {
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
  await withWorker('continue-as-new', async () => {
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

test('a pause with an until date resumes by itself then, with the treatment for the DPD reached, not the missed ones', async () => {
  const loan = await bookedLoan('pause-until', 10);
  await withWorker('pause-until', async () => {
    const openedAt = await env.currentTimeMs();
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    expect(actionsOf(loan.loanId)).toEqual(DPD7);

    // Until DPD 35 at 09:00 for the debtor, past the DPD-15 and DPD-30 thresholds.
    const until = new Date(openedAt + 25 * DAY_MS).toISOString();
    const paused = await handle.executeUpdate(messages.pause, { args: [{ ...supervisor, reason: 'hardship review', until }] });
    expect(paused.paused).toEqual(expect.objectContaining({ reason: 'hardship review', actor: 'supervisor-7', until }));
    await env.sleep('24 days');
    expect(actionsOf(loan.loanId)).toEqual(DPD7);
    const waiting = await handle.query(messages.caseView);
    expect(waiting.paused?.until).toBe(until);
    expect(waiting.nextAction).toEqual({ at: until, reason: 'pause ends' });

    await env.sleep('2 days');
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd30-second-demand letter @35', 'dpd30-second-demand phone @35']);
    const view = await handle.query(messages.caseView);
    expect(view.paused).toBeNull();
    expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd15-demand-letter', 'dpd30-second-demand']));
    expect(view.stepOutcomes['dpd15-demand-letter']).toBeUndefined();
    const resumed = (await auditOf(handle.workflowId)).find((event) => event.type === 'command' && event.actor === 'system');
    expect(resumed?.reason).toBe(`pause by supervisor-7 ended at ${until}; resumed`);
    expectSoonAfter(resumed!.at, Date.parse(until));
  });
});

test('a pause also holds a step the guard deferred: nothing goes out while paused, and the step runs when the pause ends', async () => {
  const loan = await bookedLoan('pause-deferred', 10, {}, 23);
  await withWorker('pause-during-deferral', async () => {
    const openedAt = await env.currentTimeMs();
    const handle = track(await openTestCase(env, loan));
    await env.sleep('10 minutes');
    // 23:00 for the debtor: the guard defers the SMS to 08:00.
    expect(actionsOf(loan.loanId)).toEqual(['dpd7-reminder-and-call sms @10']);
    // Until 09:00 two days on for the debtor, DPD 12.
    const until = new Date(openedAt + DAY_MS + 10 * HOUR_MS).toISOString();
    await handle.executeUpdate(messages.pause, { args: [{ ...supervisor, reason: 'debtor in hospital', until }] });

    await env.sleep('1 day');
    expect(actionsOf(loan.loanId)).toEqual(['dpd7-reminder-and-call sms @10']);
    const held = await handle.query(messages.caseView);
    expect(held.completedSteps).not.toContain('dpd7-reminder-and-call');
    const events = await auditOf(handle.workflowId);
    expect(events.filter((event) => event.data?.status === 'sent')).toEqual([]);
    expect(events.map((event) => event.reason)).toContain('step dpd7-reminder-and-call held before anything went out; it is decided again when the case is released');

    await env.sleep('1 day');
    expect(actionsOf(loan.loanId).slice(1)).toEqual(['dpd7-reminder-and-call sms @12', 'dpd7-reminder-and-call phone @12']);
    expect((await handle.query(messages.caseView)).completedSteps).toContain('dpd7-reminder-and-call');
  });
});

test('a promise to pay holds the ladder; paid before its date it is kept and nothing escalates', async () => {
  const loan = await bookedLoan('promise-kept', 10);
  await withWorker('promise-kept', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    const now = await env.currentTimeMs();
    // Due at the end of DPD 20: the DPD-15 letter waits for it.
    const promised = await handle.executeUpdate(messages.promiseToPay, { args: [{ ...supervisor, amount: 50_000, date: isoDate(now + 10 * DAY_MS) }] });
    expect(promised.holds).toEqual([expect.objectContaining({ kind: 'promise-to-pay', amount: 50_000, actor: 'supervisor-7' })]);
    await env.sleep('6 days');
    expect(actionsOf(loan.loanId)).toEqual(DPD7);

    await handle.signal(messages.paymentReceived, { amount: 50_000, date: isoDate(now + 6 * DAY_MS), reference: 'promise-kept-1' });
    await env.sleep('1 hour');
    const kept = await handle.query(messages.caseView);
    expect(kept).toMatchObject({ promisesKept: 1, promisesBroken: 0, holds: [], balance: 750_000 });
    // Released at DPD 16, the ladder does the treatment for where the case is.
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @16']);

    // Past the promise date nothing escalates: the next step waits for DPD 30.
    await env.sleep('10 days');
    expect(actionsOf(loan.loanId)).toHaveLength(3);
    const view = await handle.query(messages.caseView);
    expect(view).toMatchObject({ promisesKept: 1, promisesBroken: 0, nextAction: { atDpd: 30 } });
    const events = await auditOf(handle.workflowId);
    expect(events.filter((event) => event.type === 'promise-kept').map((event) => event.reason)).toEqual(['promise of 50000 kept (50000 paid)']);
    expect(events.filter((event) => event.type === 'promise-broken' || event.reason.startsWith('escalated'))).toEqual([]);
  });
});

test('a promise to pay not kept by its date is broken, and the case escalates to the next step right after', async () => {
  const loan = await bookedLoan('promise-broken', 10);
  await withWorker('promise-broken', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    const now = await env.currentTimeMs();
    // Due at the end of DPD 13, before the DPD-15 letter.
    const date = isoDate(now + 3 * DAY_MS);
    await handle.executeUpdate(messages.promiseToPay, { args: [{ ...supervisor, amount: 50_000, date }] });
    await handle.signal(messages.paymentReceived, { amount: 20_000, date: isoDate(now), reference: 'promise-broken-1' });
    await env.sleep('2 days');
    expect(actionsOf(loan.loanId)).toEqual(DPD7);
    expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ reason: 'promise to pay 50000 comes due' });

    await env.sleep('2 days');
    // The DPD-15 step runs at DPD 14, as soon as the promise date has passed.
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @14']);
    const view = await handle.query(messages.caseView);
    expect(view).toMatchObject({ promisesKept: 0, promisesBroken: 1, holds: [] });
    const events = await auditOf(handle.workflowId);
    const broken = events.find((event) => event.type === 'promise-broken');
    expect(broken).toMatchObject({ actor: 'system', reason: 'promise of 50000 broken (20000 paid by the date); escalating' });
    // The promise date's end: the next UTC midnight.
    expectSoonAfter(broken!.at, Date.parse(date) + DAY_MS);
    const escalated = events.find((event) => event.type === 'decision' && event.seq > broken!.seq);
    expect(escalated).toMatchObject({ actor: 'system', data: { dpd: 14 } });
    expect(escalated!.reason).toMatch(/^escalated by system \(promise of 50000 broken .*\): .*step dpd15-demand-letter for DPD 15 is due/);
  });
});

test('escalate now runs the next step of the ladder at once, on the supervisor\'s word', async () => {
  const loan = await bookedLoan('escalate', 10);
  await withWorker('escalate-now', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    await handle.executeUpdate(messages.escalate, { args: [{ ...supervisor, reason: 'debtor unreachable' }] });
    await env.sleep('1 hour');
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @10']);

    const events = await auditOf(handle.workflowId);
    const requested = events.find((event) => event.type === 'command');
    expect(requested).toMatchObject({ actor: 'supervisor-7', reason: 'escalation requested: debtor unreachable' });
    const decision = events.find((event) => event.type === 'decision' && event.seq > requested!.seq);
    expect(decision).toMatchObject({ actor: 'supervisor-7', data: { dpd: 10 } });
    expect(decision!.reason).toMatch(/^escalated by supervisor-7 \(debtor unreachable\): .*step dpd15-demand-letter for DPD 15 is due/);

    // One escalation moves one step: the ladder goes on at its own pace after it.
    await env.sleep('15 days');
    expect(actionsOf(loan.loanId)).toHaveLength(3);
    expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ atDpd: 30 });
  });
});

test('a dispute holds all outreach until it is resolved; upheld, the case does the treatment for where it is', async () => {
  const loan = await bookedLoan('dispute', 10);
  await withWorker('dispute', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    const disputed = await handle.executeUpdate(messages.dispute, { args: [{ ...supervisor, reason: 'debtor says the loan was repaid' }] });
    expect(disputed.holds).toEqual([expect.objectContaining({ kind: 'dispute', actor: 'supervisor-7' })]);
    await env.sleep('10 days');
    expect(actionsOf(loan.loanId)).toEqual(DPD7);

    const escalation = handle.executeUpdate(messages.escalate, { args: [{ ...supervisor, reason: 'push' }] });
    await expect(escalation.catch((error) => error.cause.message)).resolves.toBe('case is under dispute; resolve the dispute before escalating');

    const resolved = await handle.executeUpdate(messages.resolveDispute, { args: [{ ...supervisor, outcome: 'upheld', reason: 'no payment on file' }] });
    expect(resolved.holds).toEqual([]);
    await env.sleep('1 hour');
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @20']);
    const commands = (await auditOf(handle.workflowId)).filter((event) => event.type === 'command').map((event) => `${event.actor}: ${event.reason}`);
    expect(commands).toEqual([
      'supervisor-7: disputed: debtor says the loan was repaid; outreach held until resolved',
      'supervisor-7: dispute resolved (upheld): no payment on file',
    ]);
  });
});

test('cease contact silences every contact channel; steps with nothing else are skipped, legal review still goes ahead', async () => {
  const loan = await bookedLoan('cease', 10);
  await withWorker('cease-contact', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    await handle.executeUpdate(messages.ceaseContact, { args: [{ ...supervisor, reason: 'debtor asked in writing' }] });
    const placement = handle.executeUpdate(messages.assignAgency, { args: [{ ...supervisor, agency: 'acme' }] });
    await expect(placement.catch((error) => error.cause.message)).resolves.toBe('a dispute or cease-contact hold forbids agency placement');

    await env.sleep('85 days');
    // Of the DPD-90 final demand only the legal review, which is not contact.
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd90-final-demand legal-review @90']);
    const view = await handle.query(messages.caseView);
    expect(view.holds).toEqual([expect.objectContaining({ kind: 'cease-contact', reason: 'debtor asked in writing' })]);
    expect(view.completedSteps).toEqual(
      expect.arrayContaining(['dpd15-demand-letter', 'dpd30-second-demand', 'dpd60-field-visit', 'dpd60-agency-placement', 'dpd90-final-demand']),
    );
    const skipped = (await auditOf(handle.workflowId)).filter((event) => event.type === 'step-skipped').map((event) => event.reason);
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^step dpd15-demand-letter \(DPD 15\) skipped: every channel is silenced \(cease-contact hold/),
        expect.stringMatching(/^step dpd30-second-demand \(DPD 30\) skipped: every channel is silenced/),
        expect.stringMatching(/^step dpd60-field-visit \(DPD 60\) skipped: every channel is silenced/),
      ]),
    );
  });
});

test('an escalation whose step cease contact silences is spent on it: the ladder after it keeps its own pace', async () => {
  const loan = await bookedLoan('escalate-silenced', 10);
  await withWorker('escalate-silenced', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    await handle.executeUpdate(messages.ceaseContact, { args: [{ ...supervisor, reason: 'debtor asked in writing' }] });
    await handle.executeUpdate(messages.escalate, { args: [{ ...supervisor, reason: 'no answer' }] });
    await env.sleep('1 hour');
    const skipped = (await auditOf(handle.workflowId)).filter((event) => event.type === 'step-skipped').map((event) => event.reason);
    expect(skipped.filter((reason) => !reason.includes('superseded'))).toEqual([
      expect.stringMatching(/^step dpd15-demand-letter \(DPD 15\) skipped: every channel is silenced/),
    ]);

    // Nothing left of the escalation: a turn at DPD 70 (a small payment) decides by the ladder, and the legal review waits for DPD 90.
    await env.sleep('60 days');
    await handle.signal(messages.paymentReceived, { amount: 100, date: isoDate(await env.currentTimeMs()), reference: 'escalate-silenced-1' });
    await env.sleep('1 day');
    expect((await handle.query(messages.caseView)).balance).toBe(loan.outstanding - 100);
    expect(actionsOf(loan.loanId).slice(2)).toEqual([]);
    await env.sleep('25 days');
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd90-final-demand legal-review @90']);
  });
});

/** DEFAULT_STRATEGY as version 2, with the first demand letter brought forward from DPD 15 to DPD 12. */
function earlierDemandLetter(): Strategy {
  const strategy = structuredClone(DEFAULT_STRATEGY);
  strategy.version = 2;
  for (const variant of strategy.variants) {
    for (const segment of Object.values(variant.segments)) {
      segment.ladder = segment.ladder.map((step) => (step.id === 'dpd15-demand-letter' ? { ...step, id: 'dpd12-demand-letter', atDpd: 12 } : step));
    }
  }
  return strategy;
}

test('a case moved to another strategy version shows it and follows the new ladder', async () => {
  const loan = await bookedLoan('move', 10);
  await withWorker('move-strategy', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    expect((await handle.query(messages.caseView)).strategy).toEqual({ id: 'default', version: 1, variant: 'champion' });

    const strategy = earlierDemandLetter();
    const same = handle.executeUpdate(messages.moveStrategy, { args: [{ ...supervisor, strategy: DEFAULT_STRATEGY }] });
    await expect(same.catch((error) => error.cause.message)).resolves.toBe('case is already on strategy default v1');
    const moved = await handle.executeUpdate(messages.moveStrategy, { args: [{ ...supervisor, strategy, reason: 'earlier letters' }] });
    expect(moved.strategy).toEqual({ id: 'default', version: 2, variant: 'champion' });
    await env.sleep('1 hour');
    expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ atDpd: 12 });

    await env.sleep('2 days');
    expect(actionsOf(loan.loanId).slice(2)).toEqual(['dpd12-demand-letter letter @12']);
    const view = await handle.query(messages.caseView);
    expect(view.strategy).toEqual({ id: 'default', version: 2, variant: 'champion' });
    expect(view.nextAction).toMatchObject({ atDpd: 30 });
    const move = (await auditOf(handle.workflowId)).find((event) => event.type === 'strategy-moved');
    expect(move).toMatchObject({ actor: 'supervisor-7', reason: 'moved from strategy default v1 to default v2, variant champion: earlier letters' });
  });
});

test('a case that has completed takes no more commands or events: the client gets WorkflowNotFoundError', async () => {
  const loan = await bookedLoan('completed', 10);
  await withWorker('closed-rejects-commands', async () => {
    const handle = track(await openTestCase(env, loan));
    await env.sleep('1 hour');
    const closing = await handle.executeUpdate(messages.close, { args: [{ ...supervisor, reason: 'sold to a debt buyer' }] });
    expect(closing.closure).toMatchObject({ outcome: 'closed', actor: 'supervisor-7', reason: 'sold to a debt buyer' });
    const result = await handle.result();
    expect(result.outcome).toBe('closed');
    expect(result.view.status).toBe('closed');

    const commands = [
      handle.executeUpdate(messages.pause, { args: [{ ...supervisor, reason: 'too late' }] }),
      handle.executeUpdate(messages.resume, { args: [supervisor] }),
      handle.executeUpdate(messages.escalate, { args: [{ ...supervisor, reason: 'too late' }] }),
      handle.executeUpdate(messages.close, { args: [{ ...supervisor, reason: 'again' }] }),
      handle.signal(messages.paymentReceived, { amount: 1_000, date: isoDate(await env.currentTimeMs()), reference: 'after-close' }),
    ];
    for (const command of await Promise.allSettled(commands)) {
      expect(command.status).toBe('rejected');
      expect((command as PromiseRejectedResult).reason).toBeInstanceOf(WorkflowNotFoundError);
    }
    // Still queryable, and nothing above reached it.
    const after = await handle.query(messages.caseView);
    expect(after.eventCount).toBe(result.view.eventCount);
    expect(after.balance).toBe(800_000);
  });
});
