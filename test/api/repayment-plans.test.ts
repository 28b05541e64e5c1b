// Repayment plans through the API: an agent proposes and the debtor's acceptance
// is recorded, a supervisor cancels; a body the schema refuses is 422 naming the
// field, a plan the policy forbids is 409 with the case's reason; and a plan kept
// through the payments API re-ages the loan in the loan book and closes the case.
import { DAY_MS, type Installment } from '../../src/domain';
import { TEST_CONTACT } from '../support/channels';
import { isoDate, overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const as = (role: 'supervisor' | 'agent' | 'auditor') => suite.api.as(role);

async function openedCase(loanId: string, installments?: (nowMs: number) => Installment[]): Promise<{ caseId: string; nowMs: number }> {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loan = overdueLoan({ loanId, nowMs, daysPastDue: 12, outstanding: 800_000 });
  const booked = installments ? { ...loan, installments: installments(nowMs) } : loan;
  await as('supervisor').put(`/v1/loans/${loanId}`).send({ loan: booked, contact: TEST_CONTACT }).expect(201);
  const opened = await as('supervisor').post('/v1/cases').send({ loanId }).expect(201);
  return { caseId: opened.body.case.caseId, nowMs };
}

test('an agent proposes a plan and records the acceptance, a supervisor cancels it; bad fields are 422, what the policy forbids is 409', async () => {
  const { caseId, nowMs } = await openedCase('plan-api');
  const command = (role: 'supervisor' | 'agent' | 'auditor', name: string, body: object) => as(role).post(`/v1/cases/${caseId}/commands/${name}`).send(body);
  const firstDate = isoDate(nowMs + 5 * DAY_MS);

  expect((await command('agent', 'propose-plan', { payments: 0, firstDate })).body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.payments']);
  expect((await command('agent', 'propose-plan', { payments: 3, firstDate: '2026-02-30' })).status).toBe(422);
  const tooMany = await command('agent', 'propose-plan', { payments: 13, firstDate });
  expect(tooMany.status).toBe(409);
  expect(tooMany.body.error).toMatchObject({ code: 'CASE_COMMAND_REJECTED', reason: 'PLAN_TOO_MANY_PAYMENTS', message: "13 payments is more than the policy's 12" });
  expect((await command('auditor', 'propose-plan', { payments: 3, firstDate })).status).toBe(403);

  const proposed = await command('agent', 'propose-plan', { payments: 4, firstDate, intervalDays: 14, note: 'pays every other Friday' });
  expect(proposed.status).toBe(200);
  expect(proposed.body.repaymentPlan).toMatchObject({ status: 'proposed', total: 100_000, intervalDays: 14, proposedBy: 'agent-1', note: 'pays every other Friday' });
  expect(proposed.body.repaymentPlan.payments.map((p: { amount: number }) => p.amount)).toEqual([25_000, 25_000, 25_000, 25_000]);

  expect((await command('agent', 'accept-plan', { channel: 'fax' })).body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.channel']);
  const accepted = await command('agent', 'accept-plan', { channel: 'phone' });
  expect(accepted.status).toBe(200);
  expect(accepted.body.repaymentPlan).toMatchObject({ status: 'active', accepted: { actor: 'agent-1', channel: 'phone' } });
  expect(accepted.body.holds).toEqual([expect.objectContaining({ kind: 'repayment-plan' })]);
  expect(accepted.body.recentEvents.at(-1)).toMatchObject({ type: 'plan-accepted', actor: 'agent-1' });

  expect((await command('agent', 'cancel-plan', { reason: 'changed mind' })).status).toBe(403);
  const cancelled = await command('supervisor', 'cancel-plan', { reason: 'the debtor asked for other terms' });
  expect(cancelled.status).toBe(200);
  const again = await command('supervisor', 'cancel-plan', { reason: 'twice' });
  expect(again.status).toBe(409);
  expect(again.body.error.reason).toBe('NO_OPEN_PLAN');
  const detail = (await as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(detail.repaymentPlan).toMatchObject({ status: 'cancelled', ended: { actor: 'supervisor-1', reason: 'the debtor asked for other terms' } });
  expect(detail.holds).toEqual([]);
});

test('a plan kept through the payments API re-ages the loan in the loan book and closes the case cured-by-arrangement', async () => {
  // 12 days late, with installments falling due while the plan runs.
  const schedule = (nowMs: number): Installment[] => [
    ...[12, -18, -48].map((daysAgo, i) => ({ seq: i + 1, dueDate: isoDate(nowMs - daysAgo * DAY_MS), amountDue: 100_000, amountPaid: 0 })),
    { seq: 4, dueDate: isoDate(nowMs + 200 * DAY_MS), amountDue: 500_000, amountPaid: 0 },
  ];
  const { caseId, nowMs } = await openedCase('plan-api-kept', schedule);
  const supervisor = as('supervisor');
  await supervisor.post(`/v1/cases/${caseId}/commands/propose-plan`).send({ payments: 3, firstDate: isoDate(nowMs + 5 * DAY_MS) }).expect(200);
  await supervisor.post(`/v1/cases/${caseId}/commands/accept-plan`).send({ channel: 'in-person' }).expect(200);

  for (const [i, amount] of [33_334, 33_333, 33_333].entries()) {
    await suite.sleep(i === 0 ? '5 days' : '30 days');
    const date = isoDate(nowMs + (5 + 30 * i) * DAY_MS);
    await supervisor.post('/v1/loans/plan-api-kept/payments').send({ amount, date, reference: `PLAN-API-${i + 1}` }).expect(201);
  }
  const reAgedOn = isoDate(nowMs + 65 * DAY_MS);
  const closed = await closedView(caseId);
  expect(closed).toMatchObject({ status: 'closed', daysPastDue: 0, closure: { outcome: 'cured-by-arrangement' }, repaymentPlan: { status: 'kept' } });

  const { loan } = (await supervisor.get('/v1/loans/plan-api-kept').expect(200)).body;
  expect(loan).toMatchObject({ lastReAgedOn: reAgedOn, restructuredOn: reAgedOn, outstanding: 700_000 });
  expect(loan.installments.map((i: Installment) => [i.seq, i.amountDue, i.amountPaid])).toEqual([
    [1, 100_000, 100_000],
    [2, 0, 0],
    [3, 0, 0],
    [4, 700_000, 0],
  ]);
});

/** The case's view once it has closed: polled, because the time-skipping server would skip years while a client waits on a result. */
async function closedView(caseId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const view = (await as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
    if (view.status === 'closed') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${caseId} never closed`);
}
