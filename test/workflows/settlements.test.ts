// Settlements (减免 / 和解) and hardship holds, on the time-skipping server with the
// case activities stubbed: a discount above the threshold waits for a second
// person (the proposer's own approval is refused before it reaches history), an
// offered settlement holds the ladder until its date, paid in full it closes the
// case settled with the rest written off, rejected or expired the ladder resumes;
// a hardship hold stops every channel until its end, when a timer lifts it.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DAY_MS } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import type { CaseHandle } from '../support/cases';
import { isoDate } from '../support/loans';
import { caseScenarios, expectSoonAfter, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);
const DPD7 = ['dpd7-reminder-and-call sms @10', 'dpd7-reminder-and-call phone @10'];
const SECOND = { actor: 'supervisor-8' };

/** The updates of this name the case accepted: a refused one never reaches history. */
async function acceptedUpdates(handle: CaseHandle, name: string): Promise<number> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name).length;
}

test("a discount above the threshold: the proposer's own approval is refused (four eyes), another supervisor's offers it; paid in full by the date the case closes settled and the rest is written off", async () => {
  const loan = await cases.loan('settlement-paid', 10);
  const handle = await cases.open(loan, { record: 'settlement-paid' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  const by = isoDate(now + 10 * DAY_MS);

  // 25% off the balance of 800000: above the default 20%, so it waits for a second person while the ladder goes on.
  const proposed = await handle.executeUpdate(messages.offerSettlement, { args: [{ ...SUPERVISOR, amount: 600_000, by, reason: 'lost his job' }] });
  expect(proposed.settlement).toMatchObject({ status: 'pending-approval', amount: 600_000, balance: 800_000, discountPercent: 25, by, proposer: 'supervisor-7', approver: null, paidSoFar: 0 });
  expect(proposed.holds).toEqual([]);
  expect(proposed.waitingFor.map((wait) => wait.kind)).toContain('settlement-approval');

  const ownApproval = handle.executeUpdate(messages.approveSettlement, { args: [{ ...SUPERVISOR }] });
  await expect(ownApproval).rejects.toThrow(WorkflowUpdateFailedError);
  const cause = await ownApproval.catch((error: WorkflowUpdateFailedError) => error.cause);
  expect(cause).toMatchObject({ type: 'FOUR_EYES', message: expect.stringMatching(/^supervisor-7 proposed this settlement and cannot approve it too/) });
  expect(await acceptedUpdates(handle, 'approveSettlement')).toBe(0);
  expect((await handle.query(messages.caseView)).settlement).toMatchObject({ status: 'pending-approval', approver: null });

  // Pending approval, the ladder goes on: the DPD-15 letter runs on its day.
  await suite.env.sleep('6 days');
  expect(cases.actionsOf(loan.loanId)).toEqual([...DPD7, 'dpd15-demand-letter letter @15']);

  const approved = await handle.executeUpdate(messages.approveSettlement, { args: [{ ...SECOND, reason: 'payroll letter seen' }] });
  expect(approved.settlement).toMatchObject({ status: 'offered', approver: 'supervisor-8' });
  expect(approved.holds).toEqual([expect.objectContaining({ kind: 'settlement', amount: 600_000, until: new Date(Date.parse(by) + DAY_MS).toISOString() })]);
  expect(await acceptedUpdates(handle, 'approveSettlement')).toBe(1);
  await suite.env.sleep('1 minute');
  const offered = await handle.query(messages.caseView);
  expect(offered.stage).toBe('arrangement');
  expect(offered.waitingFor[0]).toMatchObject({ kind: 'settlement-date', reason: `the settlement of 600000 CNY to be paid by ${by}` });

  // Offered, the ladder waits for the settlement's date.
  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId)).toHaveLength(3);
  await handle.signal(messages.paymentReceived, { amount: 350_000, date: isoDate(now + 8 * DAY_MS), reference: 'settlement-paid-1' });
  await suite.env.sleep('1 hour');
  expect((await handle.query(messages.caseView)).settlement).toMatchObject({ status: 'offered', paidSoFar: 350_000 });
  await handle.signal(messages.paymentReceived, { amount: 250_000, date: isoDate(now + 8 * DAY_MS), reference: 'settlement-paid-2' });

  const { outcome, view } = await handle.result();
  expect(outcome).toBe('settled');
  expect(view.settlement).toMatchObject({ status: 'paid', paidSoFar: 600_000, writtenOff: 200_000 });
  expect(view.closure).toMatchObject({ outcome: 'settled', actor: 'system', reason: `settlement of 600000 CNY paid by ${by} (600000 paid); the remaining 200000 written off` });
  expect(view.holds).toEqual([]);
  expect(cases.actionsOf(loan.loanId)).toHaveLength(3);
  const events = suite.stub.trail(handle.workflowId);
  expect(events.filter((event) => event.type.startsWith('settlement-')).map((event) => [event.type, event.actor])).toEqual([
    ['settlement-offered', 'supervisor-7'],
    ['settlement-approved', 'supervisor-8'],
    ['settlement-paid', 'system'],
  ]);
  expect(events.find((event) => event.type === 'settlement-paid')!.data).toEqual({ amount: 600_000, paid: 600_000, writtenOff: 200_000 });
});

test('a discount within the threshold is offered at once and holds the ladder; rejected, the ladder goes on', async () => {
  const loan = await cases.loan('settlement-rejected', 10);
  const handle = await cases.open(loan, { record: 'settlement-rejected' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();

  const offered = await handle.executeUpdate(messages.offerSettlement, { args: [{ ...SUPERVISOR, amount: 720_000, by: isoDate(now + 20 * DAY_MS) }] });
  expect(offered.settlement).toMatchObject({ status: 'offered', discountPercent: 10, needsApproval: false, approver: null });
  const second = handle.executeUpdate(messages.offerSettlement, { args: [{ ...SECOND, amount: 700_000, by: isoDate(now + 20 * DAY_MS) }] });
  await expect(second).rejects.toMatchObject({ cause: { type: 'SETTLEMENT_OPEN' } });

  await suite.env.sleep('6 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  const rejected = await handle.executeUpdate(messages.rejectSettlement, { args: [{ ...SECOND, reason: 'debtor has savings' }] });
  expect(rejected.settlement).toMatchObject({ status: 'rejected' });
  expect(rejected.holds).toEqual([]);
  await suite.env.sleep('1 hour');
  // Released at DPD 16, the ladder does the treatment for where the case is.
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @16']);
  const rejection = suite.stub.trail(handle.workflowId).find((event) => event.type === 'settlement-rejected');
  expect(rejection).toMatchObject({ actor: 'supervisor-8', reason: `settlement of 720000 by ${isoDate(now + 20 * DAY_MS)} rejected (offered): debtor has savings; the ladder goes on` });
});

test('a settlement not paid in full by its date expires: the hold goes and the ladder resumes at the DPD reached', async () => {
  const loan = await cases.loan('settlement-expired', 10);
  const handle = await cases.open(loan, { record: 'settlement-expired' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  // Its date ends at the start of DPD 17, after the DPD-15 letter's day.
  const by = isoDate(now + 6 * DAY_MS);
  await handle.executeUpdate(messages.offerSettlement, { args: [{ ...SUPERVISOR, amount: 700_000, by }] });
  await handle.signal(messages.paymentReceived, { amount: 50_000, date: isoDate(now), reference: 'settlement-expired-1' });
  await suite.env.sleep('5 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ reason: `settlement of 700000 due by ${by}` });

  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @17']);
  const view = await handle.query(messages.caseView);
  expect(view).toMatchObject({ status: 'open', holds: [], settlement: { status: 'expired', paidSoFar: 50_000 }, balance: 750_000 });
  const expired = suite.stub.trail(handle.workflowId).find((event) => event.type === 'settlement-expired');
  expect(expired).toMatchObject({ actor: 'system', reason: `settlement of 700000 by ${by} expired unpaid (50000 of 700000 paid by the date); the ladder resumes at the DPD reached` });
  expectSoonAfter(expired!.at, Date.parse(by) + DAY_MS);
});

test('a hardship hold stops every channel until its end, when a timer lifts it and the ladder resumes where the DPD is', async () => {
  const loan = await cases.loan('hardship-hold', 10);
  const handle = await cases.open(loan, { record: 'hardship-hold' });
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  const tooLong = handle.executeUpdate(messages.hardshipHold, { args: [{ ...SUPERVISOR, reason: 'in hospital', until: isoDate(now + 120 * DAY_MS) }] });
  await expect(tooLong).rejects.toMatchObject({ cause: { type: 'DATE_TOO_FAR' } });

  // It ends at the start of DPD 36: the DPD-15 and DPD-30 steps fall inside it.
  const until = isoDate(now + 25 * DAY_MS);
  const held = await handle.executeUpdate(messages.hardshipHold, { args: [{ ...SUPERVISOR, reason: 'in hospital', until, code: 'illness' }] });
  const end = new Date(Date.parse(until) + DAY_MS).toISOString();
  expect(held.holds).toEqual([expect.objectContaining({ kind: 'hardship', reason: 'in hospital', actor: 'supervisor-7', until: end, code: 'illness' })]);
  expect(held.waitingFor[0]).toEqual({ kind: 'hold-end', reason: `the hardship hold by supervisor-7 (in hospital) to end on ${until}`, until: end });

  await suite.env.sleep('24 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ at: end, reason: 'hardship hold ends (in hospital)' });

  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd30-second-demand letter @36', 'dpd30-second-demand phone @36']);
  expect((await handle.query(messages.caseView)).holds).toEqual([]);
  const events = suite.stub.trail(handle.workflowId);
  const lifted = events.find((event) => event.type === 'hardship-ended');
  expect(lifted).toMatchObject({ actor: 'system', reason: `hardship hold (in hospital) ended on ${until}; the ladder resumes at the DPD reached` });
  expectSoonAfter(lifted!.at, Date.parse(end));
  expect(events.find((event) => event.type === 'hardship-hold')).toMatchObject({ actor: 'supervisor-7', data: { until, code: 'illness' } });
});

test('a hardship hold ended early by a supervisor: the ladder resumes at once', async () => {
  const loan = await cases.loan('hardship-ended-early', 10);
  const handle = await cases.open(loan);
  await suite.env.sleep('1 hour');
  const now = await suite.env.currentTimeMs();
  await handle.executeUpdate(messages.hardshipHold, { args: [{ ...SUPERVISOR, reason: 'lost his job', until: isoDate(now + 40 * DAY_MS), code: 'income-drop' }] });
  await suite.env.sleep('6 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  const ended = await handle.executeUpdate(messages.endHardshipHold, { args: [{ ...SECOND, reason: 'back at work' }] });
  expect(ended.holds).toEqual([]);
  await suite.env.sleep('1 hour');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @16']);
  await expect(handle.executeUpdate(messages.endHardshipHold, { args: [{ ...SECOND, reason: 'again' }] })).rejects.toMatchObject({ cause: { type: 'NO_HARDSHIP_HOLD' } });
});
