// Repayment plans (分期) on the time-skipping server with the case activities
// stubbed: a plan accepted stops the ladder; kept to the end it re-ages the loan
// and closes the case cured-by-arrangement; broken at its second payment, the
// ladder resumes at the step for the DPD reached; the policy refuses what it forbids.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DAY_MS, DEFAULT_PLAN_POLICY, DEFAULT_STRATEGY, dueDateToMs, type Loan } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { isoDate } from '../support/loans';
import { caseScenarios, expectSoonAfter, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);
const DPD7 = ['dpd7-reminder-and-call sms @10', 'dpd7-reminder-and-call phone @10'];

const refusalOf = (update: Promise<unknown>) => update.then(
  () => undefined,
  (error: WorkflowUpdateFailedError) => error.cause,
);

/** What the case published of one event type, as its reasons. */
const reasonsOf = (workflowId: string, type: string) =>
  suite.stub
    .trail(workflowId)
    .filter((event) => event.type === type)
    .map((event) => event.reason);

test('a plan kept to the end re-ages the loan and closes the case cured-by-arrangement; the ladder waits meanwhile', async () => {
  const base = await cases.loan('plan-kept', 10);
  const now = await suite.env.currentTimeMs();
  // One installment 10 days late, and more falling due while the plan runs: arrears are left at its end.
  const installments = [10, -20, -50, -80].map((daysAgo, i) => ({ seq: i + 1, dueDate: isoDate(now - daysAgo * DAY_MS), amountDue: 100_000, amountPaid: 0 }));
  const loan: Loan = { ...base, outstanding: 800_000, installments: [...installments, { seq: 5, dueDate: isoDate(now + 365 * DAY_MS), amountDue: 400_000, amountPaid: 0 }] };
  const handle = await cases.open(loan, { record: 'repayment-plan-kept' });
  await suite.env.sleep('1 hour');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);

  const firstDate = isoDate(now + 5 * DAY_MS);
  const proposed = await handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 3, firstDate, note: 'pays on payday' }] });
  expect(proposed.repaymentPlan).toMatchObject({
    status: 'proposed',
    total: 100_000,
    graceDays: DEFAULT_PLAN_POLICY.graceDays,
    proposedBy: 'supervisor-7',
    accepted: null,
    payments: [
      { seq: 1, dueDate: firstDate, amount: 33_334, status: 'upcoming' },
      { seq: 2, dueDate: isoDate(now + 35 * DAY_MS), amount: 33_333, status: 'upcoming' },
      { seq: 3, dueDate: isoDate(now + 65 * DAY_MS), amount: 33_333, status: 'upcoming' },
    ],
  });
  const accepted = await handle.executeUpdate(messages.acceptPlan, { args: [{ actor: 'agent-7', channel: 'phone' }] });
  expect(accepted.repaymentPlan).toMatchObject({ status: 'active', accepted: { actor: 'agent-7', channel: 'phone' } });
  expect(accepted.holds).toEqual([expect.objectContaining({ kind: 'repayment-plan', actor: 'agent-7' })]);
  await suite.env.sleep('1 hour');
  const waiting = await handle.query(messages.caseView);
  expect(waiting.stage).toBe('arrangement');
  expect(waiting.waitingFor[0]).toEqual({
    kind: 'plan-payment',
    reason: `plan payment 1 of 3: 33334 CNY due ${firstDate}, grace ends ${new Date(dueDateToMs(firstDate) + 4 * DAY_MS).toISOString()}`,
    until: new Date(dueDateToMs(firstDate) + 4 * DAY_MS).toISOString(),
  });

  for (const [i, amount] of [33_334, 33_333, 33_333].entries()) {
    await suite.env.sleep(i === 0 ? '5 days' : '30 days');
    await handle.signal(messages.paymentReceived, { amount, date: isoDate(now + (5 + 30 * i) * DAY_MS), reference: `plan-kept-${i + 1}` });
    await suite.env.sleep('1 hour');
  }
  // Nothing climbed the ladder through DPD 15, 30 and 60 while the plan ran.
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);

  const { outcome, view } = await handle.result();
  expect(outcome).toBe('cured-by-arrangement');
  expect(view.closure).toMatchObject({ outcome: 'cured-by-arrangement', reason: 'repayment plan kept: all 3 payments made, and the loan is re-aged' });
  // Installments 2 and 3, due during the plan, moved to installment 4: nothing is past due.
  expect(view).toMatchObject({ daysPastDue: 0, delinquentSince: installments[3].dueDate, balance: 700_000 });
  expect(view.repaymentPlan).toMatchObject({ status: 'kept', paidSoFar: 100_000, ended: { actor: 'system' } });
  expect(view.repaymentPlan!.payments.map((payment) => payment.status)).toEqual(['paid', 'paid', 'paid']);
  const trail = suite.stub.trail(handle.workflowId);
  expect(reasonsOf(handle.workflowId, 'plan-payment')).toEqual([
    'plan payment 1 of 3 made (33334 of 100000 CNY paid toward the plan)',
    'plan payment 2 of 3 made (66667 of 100000 CNY paid toward the plan)',
    'plan payment 3 of 3 made (100000 of 100000 CNY paid toward the plan)',
  ]);
  const reAgedOn = isoDate(now + 65 * DAY_MS);
  expect(reasonsOf(handle.workflowId, 'loan-re-aged')).toEqual([
    `loan re-aged on ${reAgedOn} (3 consecutive payments made, never re-aged before): 200000 CNY past due moved to installment 4 due ${installments[3].dueDate}; nothing is past due`,
  ]);
  expect(trail.find((event) => event.type === 'plan-accepted')?.data).toEqual({ channel: 'phone', restructuredOn: isoDate(now) });
  expect(suite.observed.inputs<{ loanId: string }>('recordLoanReAged', (reAge) => reAge.loanId === loan.loanId)).toEqual([{ loanId: loan.loanId, on: reAgedOn, intervalDays: 30 }]);
  expect(trail.map((event) => event.type)).not.toContain('promise-broken');
});

test('a plan broken at its second payment: recorded with why, and the ladder resumes at the step for the DPD reached', async () => {
  const loan = await cases.loan('plan-broken', 10);
  const handle = await cases.open(loan, { record: 'repayment-plan-broken' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  await handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 3, firstDate: isoDate(now + 5 * DAY_MS) }] });
  await handle.executeUpdate(messages.acceptPlan, { args: [{ ...SUPERVISOR, channel: 'field-visit' }] });
  await suite.env.sleep('5 days');
  await handle.signal(messages.paymentReceived, { amount: 33_334, date: isoDate(now + 5 * DAY_MS), reference: 'plan-broken-1' });
  await suite.env.sleep('31 days');
  // Part of the second payment, not enough.
  await handle.signal(messages.paymentReceived, { amount: 10_000, date: isoDate(now + 36 * DAY_MS), reference: 'plan-broken-2' });
  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  expect((await handle.query(messages.caseView)).repaymentPlan).toMatchObject({ status: 'active', paidSoFar: 43_334 });

  // Grace ends 3 days after the due date's end: DPD 49, where the DPD-30 step is due and DPD 15's is superseded.
  await suite.env.sleep('2 days');
  const secondDue = isoDate(now + 35 * DAY_MS);
  const graceEnd = dueDateToMs(secondDue) + 4 * DAY_MS;
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd30-second-demand letter @49', 'dpd30-second-demand phone @49']);
  const view = await handle.query(messages.caseView);
  expect(view).toMatchObject({ holds: [], stage: 'follow-up', nextAction: { atDpd: 60 } });
  expect(view.repaymentPlan).toMatchObject({ status: 'broken', paidSoFar: 43_334, ended: { actor: 'system' } });
  expect(view.repaymentPlan!.payments.map((payment) => payment.status)).toEqual(['paid', 'missed', 'upcoming']);
  const trail = suite.stub.trail(handle.workflowId);
  const broken = trail.find((event) => event.type === 'plan-broken')!;
  expect(broken.reason).toBe(
    `repayment plan broken: payment 2 of 3 (33333 CNY due ${secondDue}) not made by the end of its 3 grace days, ${new Date(graceEnd).toISOString()}; 10000 of it paid; the ladder resumes at DPD 49`,
  );
  expectSoonAfter(broken.at, graceEnd);
  const after = trail.filter((event) => event.seq > broken.seq);
  expect(after.find((event) => event.type === 'assessed')).toBeDefined();
  // The default strategy's plan offers are alternatives for a hardship reason, which this case has none of.
  expect(after.filter((event) => event.type === 'step-skipped').map((event) => event.reason)).toEqual([
    'step dpd15-plan-offer (DPD 15) skipped: superseded by step dpd30-second-demand at DPD 30',
    'step dpd15-demand-letter (DPD 15) skipped: superseded by step dpd30-second-demand at DPD 30',
    'step dpd30-plan-offer (DPD 30) skipped: no overdue reason recorded not in [income-drop, illness]',
  ]);
});

test('a plan whose payments clear the arrears on the way ends by its own last payment: cured-by-arrangement, not cured', async () => {
  const loan = await cases.loan('plan-clears', 10);
  const handle = await cases.open(loan);
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  // 150 000 over three payments, 100 000 of it past due: two payments clear the arrears.
  await handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 3, total: 150_000, firstDate: isoDate(now + 5 * DAY_MS) }] });
  await handle.executeUpdate(messages.acceptPlan, { args: [{ ...SUPERVISOR, channel: 'app' }] });
  await suite.env.sleep('5 days');
  await handle.signal(messages.paymentReceived, { amount: 100_000, date: isoDate(now + 5 * DAY_MS), reference: 'plan-clears-1' });
  await suite.env.sleep('1 hour');
  const cleared = await handle.query(messages.caseView);
  expect(cleared).toMatchObject({ status: 'open', daysPastDue: 0, stage: 'arrangement', repaymentPlan: { status: 'active' } });
  expect(cleared.repaymentPlan!.payments.map((payment) => payment.status)).toEqual(['paid', 'paid', 'upcoming']);

  await suite.env.sleep('60 days');
  await handle.signal(messages.paymentReceived, { amount: 50_000, date: isoDate(now + 65 * DAY_MS), reference: 'plan-clears-2' });
  const { view } = await handle.result();
  expect(view.closure).toMatchObject({ outcome: 'cured-by-arrangement', reason: 'repayment plan kept: all 3 payments made, and they cleared the arrears' });
  expect(suite.observed.inputs<{ loanId: string }>('recordLoanReAged', (reAge) => reAge.loanId === loan.loanId)).toEqual([]);
});

test('the policy refuses a plan it forbids, and the case takes one plan at a time', async () => {
  const loan = await cases.loan('plan-refused', 10);
  const strict = { ...DEFAULT_STRATEGY, id: 'strict-plans', repaymentPlans: { ...DEFAULT_PLAN_POLICY, maxPayments: 4, eligibleBuckets: ['M2', 'M3'] } };
  const handle = await cases.open(loan);
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  const firstDate = isoDate(now + 5 * DAY_MS);
  const propose = (fields: object) => refusalOf(handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 3, firstDate, ...fields }] }));

  expect(await propose({ payments: 13 })).toMatchObject({ type: 'PLAN_TOO_MANY_PAYMENTS', message: "13 payments is more than the policy's 12" });
  expect(await propose({ payments: 12, intervalDays: 40 })).toMatchObject({ type: 'PLAN_TERM_TOO_LONG' });
  expect(await propose({ payments: 12 })).toMatchObject({ type: 'PLAN_PAYMENT_TOO_SMALL', message: "a payment of 8333 is below the policy's smallest payment of 10000" });
  expect(await propose({ firstDate: isoDate(now - DAY_MS) })).toMatchObject({ type: 'INVALID_COMMAND', message: `firstDate ${isoDate(now - DAY_MS)} has already passed` });
  expect(await propose({ total: 900_000 })).toMatchObject({ type: 'INVALID_COMMAND', message: 'total 900000 is more than the balance of 800000 CNY' });
  expect(await refusalOf(handle.executeUpdate(messages.acceptPlan, { args: [{ ...SUPERVISOR, channel: 'phone' }] }))).toMatchObject({ type: 'NO_PLAN_PROPOSED' });
  expect(await refusalOf(handle.executeUpdate(messages.cancelPlan, { args: [{ ...SUPERVISOR, reason: 'none' }] }))).toMatchObject({ type: 'NO_OPEN_PLAN' });

  await handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 3, firstDate }] });
  expect(await propose({})).toMatchObject({ type: 'PLAN_OPEN', message: 'the case already has a proposed repayment plan, proposed by supervisor-7; cancel it first' });
  expect(await refusalOf(handle.executeUpdate(messages.acceptPlan, { args: [{ ...SUPERVISOR, channel: 'carrier-pigeon' as 'phone' }] }))).toMatchObject({ type: 'INVALID_COMMAND' });
  const cancelled = await handle.executeUpdate(messages.cancelPlan, { args: [{ ...SUPERVISOR, reason: 'debtor wants other terms' }] });
  expect(cancelled.repaymentPlan).toMatchObject({ status: 'cancelled', ended: { actor: 'supervisor-7', reason: 'debtor wants other terms' } });

  // The strategy's own policy: at DPD 10 (M1) a plan is not offered, and four payments at most.
  await handle.executeUpdate(messages.moveStrategy, { args: [{ ...SUPERVISOR, strategy: strict }] });
  expect(await propose({})).toMatchObject({ type: 'PLAN_BUCKET_NOT_ELIGIBLE', message: 'a plan is not offered in bucket M1; the policy allows it in M2, M3' });
  expect(reasonsOf(handle.workflowId, 'plan-proposed')).toHaveLength(1);
});

test('an active plan cancelled by a supervisor lifts its hold, and the ladder resumes', async () => {
  const loan = await cases.loan('plan-cancelled', 10);
  const handle = await cases.open(loan);
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  await handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 2, firstDate: isoDate(now + 10 * DAY_MS) }] });
  await handle.executeUpdate(messages.acceptPlan, { args: [{ ...SUPERVISOR, channel: 'letter' }] });
  await suite.env.sleep('7 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  const cancelled = await handle.executeUpdate(messages.cancelPlan, { args: [{ ...SUPERVISOR, reason: 'debtor withdrew' }] });
  expect(cancelled.holds).toEqual([]);
  await suite.env.sleep('1 hour');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @17']);
  expect(reasonsOf(handle.workflowId, 'plan-cancelled')).toEqual(['active repayment plan cancelled: debtor withdrew; the ladder resumes']);
});

test('one arrangement at a time: an open settlement refuses a plan\'s acceptance, and an active plan refuses a settlement', async () => {
  const loan = await cases.loan('plan-or-settlement', 10);
  const handle = await cases.open(loan);
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  const inTenDays = isoDate(now + 10 * DAY_MS);
  const offer = () => handle.executeUpdate(messages.offerSettlement, { args: [{ ...SUPERVISOR, amount: 700_000, by: inTenDays }] });
  const accept = () => handle.executeUpdate(messages.acceptPlan, { args: [{ ...SUPERVISOR, channel: 'phone' }] });
  await handle.executeUpdate(messages.proposePlan, { args: [{ ...SUPERVISOR, payments: 2, firstDate: inTenDays }] });
  await offer();
  expect(await refusalOf(accept())).toMatchObject({ type: 'SETTLEMENT_OPEN' });

  await handle.executeUpdate(messages.rejectSettlement, { args: [{ ...SUPERVISOR, reason: 'the debtor prefers the plan' }] });
  await accept();
  expect(await refusalOf(offer())).toMatchObject({ type: 'PLAN_OPEN', message: expect.stringContaining('repayment plan') });
  expect((await handle.query(messages.caseView)).holds.map((hold) => hold.kind)).toEqual(['repayment-plan']);
});
