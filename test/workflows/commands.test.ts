// Supervisor commands on a running case, on the time-skipping server with the
// case activities stubbed: escalation runs the next step of the ladder at once,
// and only that one; a case moves to another strategy version; a case that has
// completed refuses every command and event. Pause, holds and promises have
// files of their own.
import { WorkflowNotFoundError } from '@temporalio/client';
import { assignVariant, DEFAULT_STRATEGY_V1, type Strategy } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { loanIdsInVariant } from '../support/cases';
import { isoDate } from '../support/loans';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test("escalate now runs the next step of the ladder at once, on the supervisor's word", async () => {
  const loan = await cases.loan('escalate', 10);
  const handle = await cases.open(loan, { record: 'escalate-now' });
  await suite.env.sleep('1 hour');
  await handle.executeUpdate(messages.escalate, { args: [{ ...SUPERVISOR, reason: 'debtor unreachable' }] });
  await suite.env.sleep('1 hour');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @10']);

  const events = suite.stub.trail(handle.workflowId);
  const requested = events.find((event) => event.type === 'command');
  expect(requested).toMatchObject({ actor: 'supervisor-7', reason: 'escalation requested: debtor unreachable' });
  const decision = events.find((event) => event.type === 'decision' && event.seq > requested!.seq);
  expect(decision).toMatchObject({ actor: 'supervisor-7', data: { dpd: 10 } });
  expect(decision!.reason).toMatch(/^escalated by supervisor-7 \(debtor unreachable\): .*step dpd15-demand-letter for DPD 15 is due/);

  // One escalation moves one step: the ladder goes on at its own pace after it.
  await suite.env.sleep('15 days');
  expect(cases.actionsOf(loan.loanId)).toHaveLength(3);
  expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ atDpd: 30 });
});

test('an escalation whose step cease contact silences is spent on it: the ladder after it keeps its own pace', async () => {
  const loan = await cases.loan('escalate-silenced', 10);
  const handle = await cases.open(loan, { record: 'escalate-silenced' });
  await suite.env.sleep('1 hour');
  await handle.executeUpdate(messages.ceaseContact, { args: [{ ...SUPERVISOR, reason: 'debtor asked in writing' }] });
  await handle.executeUpdate(messages.escalate, { args: [{ ...SUPERVISOR, reason: 'no answer' }] });
  await suite.env.sleep('1 hour');
  const skipped = suite.stub
    .trail(handle.workflowId)
    .filter((event) => event.type === 'step-skipped')
    .map((event) => event.reason);
  expect(skipped.filter((reason) => !reason.includes('superseded'))).toEqual([
    'step dpd15-plan-offer (DPD 15) skipped: no overdue reason recorded not in [income-drop, illness]',
    expect.stringMatching(/^step dpd15-demand-letter \(DPD 15\) skipped: every channel is silenced/),
  ]);

  // Nothing left of the escalation: a turn at DPD 70 (a small payment) decides by the ladder, and the legal review waits for DPD 90.
  await suite.env.sleep('60 days');
  await handle.signal(messages.paymentReceived, { amount: 100, date: isoDate(await suite.env.currentTimeMs()), reference: 'escalate-silenced-1' });
  await suite.env.sleep('1 day');
  expect((await handle.query(messages.caseView)).balance).toBe(loan.outstanding - 100);
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual([]);
  await suite.env.sleep('25 days');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd90-final-demand legal-review @90']);
});

/** The default's version 1 as a version 2, with the first demand letter brought forward from DPD 15 to DPD 12. */
function earlierDemandLetter(): Strategy {
  const strategy = structuredClone(DEFAULT_STRATEGY_V1);
  strategy.version = 2;
  for (const variant of strategy.variants) {
    for (const segment of Object.values(variant.segments)) {
      segment.ladder = segment.ladder.map((step) => (step.id === 'dpd15-demand-letter' ? { ...step, id: 'dpd12-demand-letter', atDpd: 12 } : step));
    }
  }
  return strategy;
}

test('a case moved to another strategy version shows it and follows the new ladder', async () => {
  const strategy = earlierDemandLetter();
  // The variant is drawn again on the new version: a loan in the champion arm of both.
  const champion = loanIdsInVariant('move', 'champion', 20, DEFAULT_STRATEGY_V1).find((loanId) => assignVariant(strategy, loanId) === 'champion')!;
  const loan = await cases.loan('move', 10, { loanId: champion });
  const handle = await cases.open(loan, { record: 'move-strategy', strategy: DEFAULT_STRATEGY_V1 });
  await suite.env.sleep('1 hour');
  expect((await handle.query(messages.caseView)).strategy).toEqual({ id: 'default', version: 1, variant: 'champion' });

  const same = handle.executeUpdate(messages.moveStrategy, { args: [{ ...SUPERVISOR, strategy: DEFAULT_STRATEGY_V1 }] });
  await expect(same.catch((error) => error.cause.message)).resolves.toBe('case is already on strategy default v1');
  const moved = await handle.executeUpdate(messages.moveStrategy, { args: [{ ...SUPERVISOR, strategy, reason: 'earlier letters' }] });
  expect(moved.strategy).toEqual({ id: 'default', version: 2, variant: 'champion' });
  await suite.env.sleep('1 hour');
  expect((await handle.query(messages.caseView)).nextAction).toMatchObject({ atDpd: 12 });

  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd12-demand-letter letter @12']);
  const view = await handle.query(messages.caseView);
  expect(view.strategy).toEqual({ id: 'default', version: 2, variant: 'champion' });
  expect(view.nextAction).toMatchObject({ atDpd: 30 });
  const move = suite.stub.trail(handle.workflowId).find((event) => event.type === 'strategy-moved');
  expect(move).toMatchObject({ actor: 'supervisor-7', reason: 'moved from strategy default v1 to default v2, variant champion: earlier letters' });
});

test('a case that has completed takes no more commands or events: the client gets WorkflowNotFoundError', async () => {
  const loan = await cases.loan('completed', 10);
  const handle = await cases.open(loan, { record: 'closed-rejects-commands' });
  await suite.env.sleep('1 hour');
  const closing = await handle.executeUpdate(messages.close, { args: [{ ...SUPERVISOR, reason: 'sold to a debt buyer' }] });
  expect(closing.closure).toMatchObject({ outcome: 'closed', actor: 'supervisor-7', reason: 'sold to a debt buyer' });
  const result = await handle.result();
  expect(result.outcome).toBe('closed');
  expect(result.view.status).toBe('closed');

  const commands = [
    handle.executeUpdate(messages.pause, { args: [{ ...SUPERVISOR, reason: 'too late' }] }),
    handle.executeUpdate(messages.resume, { args: [SUPERVISOR] }),
    handle.executeUpdate(messages.escalate, { args: [{ ...SUPERVISOR, reason: 'too late' }] }),
    handle.executeUpdate(messages.close, { args: [{ ...SUPERVISOR, reason: 'again' }] }),
    handle.signal(messages.paymentReceived, { amount: 1_000, date: isoDate(await suite.env.currentTimeMs()), reference: 'after-close' }),
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
