// Holds, on the time-skipping server with the case activities stubbed: a
// dispute stops all outreach until it is resolved; cease contact silences every
// contact channel for good; either takes the case back from its agency.
import type { AgencyRecall } from '../../src/activities/channels';
import * as messages from '../../src/workflows/collection-case/messages';
import { caseScenarios, SUPERVISOR } from '../support/scenarios';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);
const DPD7 = ['dpd7-reminder-and-call sms @10', 'dpd7-reminder-and-call phone @10'];

test('a dispute holds all outreach until it is resolved; upheld, the case does the treatment for where it is', async () => {
  const loan = await cases.loan('dispute', 10);
  const handle = await cases.open(loan, { record: 'dispute' });
  await suite.env.sleep('1 hour');
  const disputed = await handle.executeUpdate(messages.dispute, { args: [{ ...SUPERVISOR, reason: 'debtor says the loan was repaid' }] });
  expect(disputed.holds).toEqual([expect.objectContaining({ kind: 'dispute', actor: 'supervisor-7' })]);
  await suite.env.sleep('10 days');
  expect(cases.actionsOf(loan.loanId)).toEqual(DPD7);

  const escalation = handle.executeUpdate(messages.escalate, { args: [{ ...SUPERVISOR, reason: 'push' }] });
  await expect(escalation.catch((error) => error.cause.message)).resolves.toBe('case is under dispute; resolve the dispute before escalating');

  const resolved = await handle.executeUpdate(messages.resolveDispute, { args: [{ ...SUPERVISOR, outcome: 'upheld', reason: 'no payment on file' }] });
  expect(resolved.holds).toEqual([]);
  await suite.env.sleep('1 hour');
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd15-demand-letter letter @20']);
  const commands = suite.stub
    .trail(handle.workflowId)
    .filter((event) => event.type === 'command')
    .map((event) => `${event.actor}: ${event.reason}`);
  expect(commands).toEqual([
    'supervisor-7: disputed: debtor says the loan was repaid; outreach held until resolved',
    'supervisor-7: dispute resolved (upheld): no payment on file',
  ]);
});

test('cease contact silences every contact channel; steps with nothing else are skipped, legal review still goes ahead', async () => {
  const loan = await cases.loan('cease', 10);
  const handle = await cases.open(loan, { record: 'cease-contact' });
  await suite.env.sleep('1 hour');
  await handle.executeUpdate(messages.ceaseContact, { args: [{ ...SUPERVISOR, reason: 'debtor asked in writing' }] });
  const placement = handle.executeUpdate(messages.assignAgency, { args: [{ ...SUPERVISOR, agency: 'acme' }] });
  await expect(placement.catch((error) => error.cause.message)).resolves.toBe('a dispute or cease-contact hold forbids agency placement');

  await suite.env.sleep('85 days');
  // Of the DPD-90 final demand only the legal review, which is not contact.
  expect(cases.actionsOf(loan.loanId).slice(2)).toEqual(['dpd90-final-demand legal-review @90']);
  expect(cases.requestsOf(loan.loanId).at(-1)).toMatchObject({ ceaseContact: true, disputed: false });
  const view = await handle.query(messages.caseView);
  expect(view.holds).toEqual([expect.objectContaining({ kind: 'cease-contact', reason: 'debtor asked in writing' })]);
  expect(view.completedSteps).toEqual(
    expect.arrayContaining(['dpd15-demand-letter', 'dpd30-second-demand', 'dpd60-field-visit', 'dpd60-agency-placement', 'dpd90-final-demand']),
  );
  const skipped = suite.stub
    .trail(handle.workflowId)
    .filter((event) => event.type === 'step-skipped')
    .map((event) => event.reason);
  expect(skipped).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^step dpd15-demand-letter \(DPD 15\) skipped: every channel is silenced \(cease-contact hold/),
      expect.stringMatching(/^step dpd30-second-demand \(DPD 30\) skipped: every channel is silenced/),
      expect.stringMatching(/^step dpd60-field-visit \(DPD 60\) skipped: every channel is silenced/),
    ]),
  );
});

test('a dispute, and cease contact, each take the case back from its agency, once', async () => {
  for (const [hold, reason] of [
    [messages.dispute, 'disputed'],
    [messages.ceaseContact, 'cease-communication'],
  ] as const) {
    const loan = await cases.loan(`agency-${reason}`, 10);
    const handle = await cases.open(loan);
    await suite.env.sleep('1 hour');
    const assigned = await handle.executeUpdate(messages.assignAgency, { args: [{ ...SUPERVISOR, agency: 'Acme Collections' }] });
    expect(assigned.agency).toMatchObject({ name: 'Acme Collections' });
    const [placement] = cases.requestsOf(loan.loanId).filter((request) => request.channel === 'agency');
    expect(placement).toMatchObject({ step: 'supervisor-assignment', parameters: { agency: 'Acme Collections' } });

    await handle.executeUpdate(hold, { args: [{ ...SUPERVISOR, reason: 'the debtor wrote to us' }] });
    const recall = await suite.observed.finish<AgencyRecall>('recallFromAgency', ({ input }) => input.loanId === loan.loanId);
    expect(recall.input).toMatchObject({ reason, placementRef: `${handle.workflowId}:placement:${placement.seq}`, seq: placement.seq + 1 });
    expect((await handle.query(messages.caseView)).agency).toBeNull();

    // Closing the case finds no agency to recall.
    await handle.executeUpdate(messages.close, { args: [{ ...SUPERVISOR, reason: 'settled offline' }] });
    await handle.result();
    expect(suite.observed.inputs<AgencyRecall>('recallFromAgency', (input) => input.loanId === loan.loanId)).toHaveLength(1);
  }
});
