// Pause and resume, on the time-skipping server with the case activities
// stubbed: a paused case sends nothing, DPD keeps counting, and on resume the
// case does the treatment for where it is now, not every step it missed.
import { DAY_MS } from '../../src/domain';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, expectSoonAfter, HOUR_MS, SUPERVISOR } from '../support/scenarios';
import { quietHours } from '../support/stub-activities';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);
const DPD7 = ['dpd7-reminder-and-call sms @10', 'dpd7-reminder-and-call phone @10'];

test('paused at DPD 10 and resumed at DPD 40: nothing goes out meanwhile, then the DPD-30 treatment, not the missed ones', async () => {
  const loan = await cases.loan('pause', 10);
  const handle = await cases.open(loan, { record: 'pause-and-resume' });
  await suite.env.sleep('1 hour');
  expect(cases.stepsOf(loan.loanId)).toEqual(['dpd7-reminder-and-call', 'dpd7-reminder-and-call']);

  const paused = await handle.executeUpdate(messages.pause, { args: [{ ...SUPERVISOR, reason: 'hardship review' }] });
  expect(paused.paused).toMatchObject({ reason: 'hardship review', actor: 'supervisor-7' });
  await suite.env.sleep('30 days');
  expect(cases.stepsOf(loan.loanId)).toHaveLength(2);

  await handle.executeUpdate(messages.resume, { args: [SUPERVISOR] });
  await suite.env.sleep('1 hour');
  const view = await handle.query(messages.caseView);
  expect(cases.stepsOf(loan.loanId).slice(2)).toEqual(['dpd30-second-demand', 'dpd30-second-demand']);
  expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd15-demand-letter', 'dpd30-second-demand']));
  expect(view.stepOutcomes['dpd15-demand-letter']).toBeUndefined();
  const commands = suite.stub.trail(handle.workflowId).filter((event) => event.type === 'command');
  expect(commands.map((event) => `${event.actor}: ${event.reason}`)).toEqual(['supervisor-7: paused: hardship review', 'supervisor-7: resumed: resumed by a supervisor']);
});

test('a pause with an until date resumes by itself then, with the treatment for the DPD reached, not the missed ones', async () => {
  const loan = await cases.loan('pause-until', 10);
  const openedAt = await suite.env.currentTimeMs();
  const handle = await cases.open(loan, { record: 'pause-until' });
  await suite.env.sleep('1 hour');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);

  // Until DPD 35 at 09:00 for the debtor, past the DPD-15 and DPD-30 thresholds.
  const until = new Date(openedAt + 25 * DAY_MS).toISOString();
  const paused = await handle.executeUpdate(messages.pause, { args: [{ ...SUPERVISOR, reason: 'hardship review', until }] });
  expect(paused.paused).toEqual(expect.objectContaining({ reason: 'hardship review', actor: 'supervisor-7', until }));
  await suite.env.sleep('24 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);
  const waiting = await handle.query(messages.caseView);
  expect(waiting.paused?.until).toBe(until);
  expect(waiting.nextAction).toEqual({ at: until, reason: 'pause ends' });

  await suite.env.sleep('2 days');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd30-second-demand letter @35', 'dpd30-second-demand phone @35']);
  const view = await handle.query(messages.caseView);
  expect(view.paused).toBeNull();
  expect(view.completedSteps).toEqual(expect.arrayContaining(['dpd15-demand-letter', 'dpd30-second-demand']));
  expect(view.stepOutcomes['dpd15-demand-letter']).toBeUndefined();
  const resumed = suite.stub.trail(handle.workflowId).find((event) => event.type === 'command' && event.actor === 'system');
  expect(resumed?.reason).toBe(`pause by supervisor-7 ended at ${until}; resumed`);
  expectSoonAfter(resumed!.at, Date.parse(until));
});

test('a pause also holds a step the guard deferred: nothing goes out while paused, and the step runs when the pause ends', async () => {
  suite.stub.answerWith(quietHours('Asia/Shanghai'));
  const loan = await cases.loan('pause-deferred', 10, {}, 23);
  const openedAt = await suite.env.currentTimeMs();
  const handle = await cases.open(loan, { record: 'pause-during-deferral' });
  await suite.env.sleep('10 minutes');
  // 23:00 for the debtor: the guard defers the SMS to 08:00.
  expect(cases.actionsOf(loan.loanId)).toEqual(['dpd7-reminder-and-call sms @10']);
  // Until 09:00 two days on for the debtor, DPD 12.
  const until = new Date(openedAt + DAY_MS + 10 * HOUR_MS).toISOString();
  await handle.executeUpdate(messages.pause, { args: [{ ...SUPERVISOR, reason: 'debtor in hospital', until }] });

  await suite.env.sleep('1 day');
  expect(cases.actionsOf(loan.loanId)).toEqual(['dpd7-reminder-and-call sms @10']);
  const held = await handle.query(messages.caseView);
  expect(held.completedSteps).not.toContain('dpd7-reminder-and-call');
  const events = suite.stub.trail(handle.workflowId);
  expect(events.filter((event) => event.data?.status === 'sent')).toEqual([]);
  expect(events.map((event) => event.reason)).toContain('step dpd7-reminder-and-call held before anything went out; it is decided again when the case is released');

  await suite.env.sleep('1 day');
  expect(cases.actionsOf(loan.loanId).slice(1)).toEqual(['dpd7-reminder-and-call sms @12', 'dpd7-reminder-and-call phone @12']);
  expect((await handle.query(messages.caseView)).completedSteps).toContain('dpd7-reminder-and-call');
});
