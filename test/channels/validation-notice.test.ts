// Regulation F on the default strategy: a debtor in New York gets the validation
// notice with the first contact, so collection contact goes on past the fifth day.
// A case on the ladder as it was before the notice is the control: the guard denies
// it from DPD 7 for want of the notice.
import { DEFAULT_STRATEGY, msUntilDpd, type ActionRequest, type ActionResult, type Loan, type Strategy } from '../../src/domain';
import { closeTestCase, contactsOf, openCaseOn, sleepUntilLocalTime } from '../support/cases';
import { caseSuite } from '../support/suites';
import { usLoan } from '../support/loans';
import { type Finished } from '../support/activities';

const suite = caseSuite();
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** DEFAULT_STRATEGY without its US-only steps: what a US debtor's case ran before it had them. */
function withoutCountrySteps(): Strategy {
  const strategy = structuredClone(DEFAULT_STRATEGY);
  strategy.id = 'default-without-country-steps';
  for (const variant of strategy.variants) {
    for (const segment of Object.values(variant.segments)) {
      segment.ladder = segment.ladder.filter((step) => !step.conditions?.some((condition) => 'country' in condition));
    }
  }
  return strategy;
}

/** The loan's first `count` actions of the step, each once it has finished with a verdict the case acts on (sent or denied). */
async function actionsOfStep(loan: Loan, step: string, count: number) {
  const settled: (Finished & { input: ActionRequest; output: ActionResult })[] = [];
  while (settled.length < count) {
    const seen = settled.map(({ input }) => input.seq);
    const next = await suite.observed.finish<ActionRequest>(
      'performAction',
      ({ input, output }) =>
        input.loanId === loan.loanId && input.step === step && (output as ActionResult | undefined)?.status !== 'deferred' && !seen.includes(input.seq),
    );
    settled.push(next as Finished & { input: ActionRequest; output: ActionResult });
  }
  return settled;
}

async function sleepUntil(businessMs: number): Promise<void> {
  await suite.env.sleep(businessMs - (await suite.env.currentTimeMs()));
}

test('Reg F on the default strategy: the validation notice goes with the DPD-1 reminder, and contact at DPD 7 and 15 is allowed', async () => {
  const now = await sleepUntilLocalTime(suite.env, 'America/New_York', 10);
  const loan = usLoan({ loanId: 'regf-default-1', nowMs: now, daysPastDue: 1 });
  const control = usLoan({ loanId: 'regf-before-notice-1', nowMs: now, daysPastDue: 1 });
  const dpd = (n: number) => msUntilDpd(loan.installments, n)!;

  const handle = await openCaseOn(suite, loan, DEFAULT_STRATEGY);
  const controlHandle = await openCaseOn(suite, control, withoutCountrySteps());
  const [first] = await actionsOfStep(loan, 'dpd1-reminder-us', 1);
  await sleepUntil(dpd(7) + HOUR);
  // The DPD-7 step is an SMS and a call on every ladder.
  const atDpd7 = await actionsOfStep(loan, 'dpd7-reminder-and-call', 2);
  const controlAtDpd7 = await actionsOfStep(control, 'dpd7-reminder-and-call', 2);
  await sleepUntil(dpd(15) + HOUR);
  const atDpd15 = await actionsOfStep(loan, 'dpd15-demand-letter', 1);
  // One at a time: waiting on both results at once, the time-skipping server timed the cases out.
  await closeTestCase(handle);
  await closeTestCase(controlHandle);

  // The first action of the case is the notice, at DPD 1, rendered as the Reg F model form.
  expect(first.input).toMatchObject({ seq: 1, channel: 'letter', template: 'validation-notice', daysPastDue: 1 });
  expect(first.output).toMatchObject({ status: 'sent' });
  const [notice] = suite.channels.sent('letter').filter((letter) => letter.idempotencyKey === first.input.idempotencyKey);
  expect(notice.request).toMatchObject({ letterType: 'validation-notice', rendered: { body: expect.stringContaining('How can you dispute the debt?') } });

  const contacts = await contactsOf(suite, loan.loanId);
  expect(contacts[0]).toMatchObject({ seq: 1, step: 'dpd1-reminder-us', purpose: 'validation-notice', status: 'sent', profile: 'US_REG_F' });
  expect(contacts.filter((contact) => contact.status === 'denied')).toEqual([]);
  const fiveDaysAfterFirst = contacts[0].at.getTime() + 5 * DAY;
  for (const { input, output } of [...atDpd7, ...atDpd15]) {
    expect(output).toMatchObject({ status: 'sent' });
    expect(input.atMs).toBeGreaterThan(fiveDaysAfterFirst);
  }
  expect(atDpd7.map(({ input }) => [input.channel, input.daysPastDue])).toEqual([
    ['sms', 7],
    ['phone', 7],
  ]);
  expect(atDpd15.map(({ input }) => [input.channel, input.daysPastDue])).toEqual([['letter', 15]]);

  // Without the notice the same debtor's DPD-7 contact is denied by the rule the notice satisfies.
  for (const { output } of controlAtDpd7) expect(output).toMatchObject({ status: 'denied', rule: 'regf-1034a1-validation-notice' });
  const controlContacts = await contactsOf(suite, control.loanId);
  expect(controlContacts.some((contact) => contact.purpose === 'validation-notice')).toBe(false);
});
