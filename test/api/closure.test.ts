// A closed case stays closed. Through the API, with a real worker on the
// time-skipping server: the portfolio sweep leaves a closed case closed (and its
// debtor uncontacted) until a new delinquency after the closure, never reopens a
// closure that ends collection for good, and a supervisor reopens with a reason.
// A reopened case is a new run whose timeline continues the closed one's.
import { DAY_MS, REAL_TIME, type Loan } from '../../src/domain';
import { portfolioSweep } from '../../src/workflows';
import type { SweepTotals } from '../../src/workflows/portfolio-sweep';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';
import { TEST_TASK_QUEUE } from '../support/temporal';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const supervisor = () => suite.api.as('supervisor');

let sweeps = 0;
/** Runs a sweep to its end; waits by polling, for the reason closedBy gives. */
async function sweep(): Promise<SweepTotals> {
  const handle = await suite.env.client.workflow.start(portfolioSweep, { workflowId: `closure-sweep-${++sweeps}`, taskQueue: TEST_TASK_QUEUE, args: [{ clock: REAL_TIME }] });
  await untilEnded(handle.workflowId);
  return handle.result();
}

async function untilEnded(workflowId: string): Promise<string> {
  const handle = suite.env.client.workflow.getHandle(workflowId);
  for (let attempt = 0; attempt < 200; attempt++) {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return described.runId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${workflowId} did not end`);
}

/** A CN loan 5 days late at 10:00 Shanghai time, in the loan book, with its case opened through the API. */
async function openedCase(loanId: string): Promise<{ loan: Loan; caseId: string }> {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId, nowMs, daysPastDue: 5 });
  await supervisor().put(`/v1/loans/${loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  const opened = await supervisor().post('/v1/cases').send({ loanId }).expect(201);
  return { loan, caseId: opened.body.case.caseId };
}

/** The case's view once it has done its step and waits for the next. */
async function followingUp(caseId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const view = (await supervisor().get(`/v1/cases/${caseId}`).expect(200)).body.case;
    if (view.stage === 'follow-up') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${caseId} never went to follow-up`);
}

/**
 * Closes the case and waits for its run to end. Polled, not awaited with result():
 * the time-skipping server skips time while a client waits on a result, up to
 * years when no timer is set, and the next case would open in another decade.
 */
async function closedBy(caseId: string, command: string, body: Record<string, unknown>) {
  await supervisor().post(`/v1/cases/${caseId}/commands/${command}`).send(body).expect(200);
  return untilEnded(caseId);
}

/** The loan as the loan system reports it once the debtor caught up: the late installment paid, the next one due in `inDays`. */
async function curedWithNextDueIn(loan: Loan, inDays: number): Promise<void> {
  const nowMs = await suite.env.currentTimeMs();
  const [late] = loan.installments;
  const cured: Loan = {
    ...loan,
    outstanding: loan.outstanding - late.amountDue,
    installments: [
      { ...late, amountPaid: late.amountDue },
      { seq: 2, dueDate: isoDate(nowMs + inDays * DAY_MS), amountDue: 50_000, amountPaid: 0 },
      { seq: 3, dueDate: isoDate(nowMs + 365 * DAY_MS), amountDue: loan.outstanding - late.amountDue - 50_000, amountPaid: 0 },
    ],
  };
  await supervisor().put(`/v1/loans/${loan.loanId}`).send({ loan: cured, contact: TEST_CONTACT }).expect(200);
}

/** Every write the sandbox accepted for the case, on any channel. */
const sentFor = (caseId: string) =>
  (['sms', 'letter', 'agency', 'court'] as const).flatMap((channel) => suite.channels.sent(channel)).filter((sent) => sent.idempotencyKey.startsWith(`${caseId}:`));

type TimelineEvent = { seq: number; type: string; actor: string; reason: string; data?: { run?: number; seq?: unknown } };

const timeline = async (caseId: string): Promise<TimelineEvent[]> =>
  (await suite.api.as('auditor').get(`/v1/cases/${caseId}/timeline`).query({ limit: 1000 }).expect(200)).body.events;

/** The timeline once it holds the event the case's new run opened with: the audit trail follows the run by a moment. */
async function timelineWithRun(caseId: string, run: number): Promise<TimelineEvent[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const events = await timeline(caseId);
    if (events.some((event) => event.type === 'opened' && event.data?.run === run)) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the timeline of ${caseId} never showed run ${run}`);
}

test('a closed case stays closed: the sweep a day later reopens nothing, contacts nobody, and commands are refused', async () => {
  const closed = await openedCase('closure-plain');
  const disputed = await openedCase('closure-withdrawn');
  const closedRun = await closedBy(closed.caseId, 'close', { reason: 'debtor moved abroad, handed to legal' });
  await supervisor().post(`/v1/cases/${disputed.caseId}/commands/dispute`).send({ reason: 'says the loan was never drawn' }).expect(200);
  const disputedRun = await closedBy(disputed.caseId, 'resolve-dispute', { outcome: 'withdrawn-by-lender', reason: 'no signed agreement on file' });
  const sentBefore = [...sentFor(closed.caseId), ...sentFor(disputed.caseId)].length;

  await suite.sleep('1 day');
  const totals = await sweep();
  expect(totals).toMatchObject({ opened: 0, reopened: 0 });
  expect(totals.stayedClosed).toBeGreaterThanOrEqual(2);
  await suite.sleep('3 days');
  await sweep();

  for (const [{ caseId }, runId] of [[closed, closedRun], [disputed, disputedRun]] as const) {
    const described = await suite.env.client.workflow.getHandle(caseId).describe();
    expect({ status: described.status.name, runId: described.runId }).toEqual({ status: 'COMPLETED', runId });
    const refused = await supervisor().post(`/v1/cases/${caseId}/commands/pause`).send({ reason: 'check' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CASE_CLOSED');
    expect((await timeline(caseId)).at(-1)).toMatchObject({ type: 'closed' });
  }
  expect([...sentFor(closed.caseId), ...sentFor(disputed.caseId)]).toHaveLength(sentBefore);
  const opening = await supervisor().post('/v1/cases').send({ loanId: 'closure-plain' });
  expect(opening.status).toBe(409);
  expect(opening.body.error).toMatchObject({ code: 'CASE_CLOSED', message: expect.stringMatching(/no new delinquency.*reopens it with a reason/) });
});

test('a new delinquency after the closure opens a new run of the case, whose timeline continues the closed run and says why', async () => {
  const { loan, caseId } = await openedCase('closure-new-delinquency');
  await closedBy(caseId, 'close', { reason: 'agreed settlement plan off-system' });
  const eventsOfFirstRun = (await timeline(caseId)).length;
  await curedWithNextDueIn(loan, 20);

  await suite.sleep('25 days');
  expect(await sweep()).toMatchObject({ reopened: 1 });
  const events = await timelineWithRun(caseId, 2);
  expect(events.map((event) => event.seq)).toEqual(Array.from({ length: events.length }, (_, index) => index + 1));
  const reopened = events[eventsOfFirstRun];
  expect(reopened).toMatchObject({ type: 'opened', actor: 'portfolio-sweep', data: { run: 2 } });
  expect(reopened.reason).toMatch(/^case reopened \(run 2\) .*: new delinquency: the installment due \d{4}-\d{2}-\d{2} is unpaid, after the case case-closure-new-delinquency closed \(closed\) on \d{4}-\d{2}-\d{2}$/);
  const detail = await supervisor().get(`/v1/cases/${caseId}`).expect(200);
  expect(detail.body.case).toMatchObject({ run: 2, status: 'open', daysPastDue: 5 });
  // A new delinquency walks the ladder afresh, and the new run's actions are numbered after the first run's.
  const firstRunActions = events.slice(0, eventsOfFirstRun).flatMap((event) => (typeof event.data?.seq === 'number' ? [event.data.seq] : []));
  const secondRunActions = (await timeline(caseId)).slice(eventsOfFirstRun).flatMap((event) => (typeof event.data?.seq === 'number' ? [event.data.seq] : []));
  expect(secondRunActions.length).toBeGreaterThan(0);
  expect(Math.min(...secondRunActions)).toBeGreaterThan(Math.max(...firstRunActions));
  await closedBy(caseId, 'close', { reason: 'test over' });
});

test('a case reopened on the same delinquency goes on from the steps it had done, sending nothing again', async () => {
  const { caseId } = await openedCase('closure-reopen-same');
  const before = await followingUp(caseId);
  const done: string[] = before.completedSteps;
  expect(done.length).toBeGreaterThan(0);
  await closedBy(caseId, 'close', { reason: 'closed by mistake' });
  const sent = sentFor(caseId).length;

  const reopened = await supervisor().post(`/v1/cases/${caseId}/commands/reopen`).send({ reason: 'closed by mistake' }).expect(201);
  expect(reopened.body).toMatchObject({ run: 2, completedSteps: expect.arrayContaining(done) });
  await timelineWithRun(caseId, 2);
  const view = (await supervisor().get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(view.nextAction).toMatchObject({ step: before.nextAction.step, atDpd: before.nextAction.atDpd });
  expect(sentFor(caseId)).toHaveLength(sent);
  await closedBy(caseId, 'close', { reason: 'test over' });
});

test('a closure that ends collection for good is never reopened by the sweep, only by a supervisor with a reason', async () => {
  const { loan, caseId } = await openedCase('closure-written-off');
  await closedBy(caseId, 'close', { reason: 'uncollectable after bankruptcy', outcome: 'written-off' });
  await curedWithNextDueIn(loan, 2);
  await suite.sleep('10 days');
  expect(await sweep()).toMatchObject({ reopened: 0 });
  expect((await suite.env.client.workflow.getHandle(caseId).describe()).status.name).toBe('COMPLETED');
  const opening = await supervisor().post('/v1/cases').send({ loanId: 'closure-written-off' });
  expect(opening.body.error.message).toMatch(/written-off.*for good/);

  expect((await supervisor().post(`/v1/cases/${caseId}/commands/reopen`).send({})).status).toBe(422);
  const reopened = await supervisor().post(`/v1/cases/${caseId}/commands/reopen`).send({ reason: 'bankruptcy discharge was revoked' });
  expect(reopened.status).toBe(201);
  expect(reopened.body).toMatchObject({ run: 2, status: 'open' });
  const opened = (await timelineWithRun(caseId, 2)).find((event) => event.type === 'opened' && event.data?.run === 2)!;
  expect(opened).toMatchObject({ actor: 'supervisor-1' });
  expect(opened.reason).toMatch(/: reopened by supervisor-1: bankruptcy discharge was revoked$/);

  const again = await supervisor().post(`/v1/cases/${caseId}/commands/reopen`).send({ reason: 'twice' });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('CASE_ALREADY_OPEN');
  expect((await supervisor().post('/v1/cases/case-never-was/commands/reopen').send({ reason: 'x' })).status).toBe(404);
  await closedBy(caseId, 'close', { reason: 'test over' });
});
