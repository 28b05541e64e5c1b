// What a case waits for, on the time-skipping server with the case activities
// stubbed: a deferred action is asked again when the guard said, and meanwhile
// the case publishes what it waits for; a step under way says so.
import type { ActionRequest } from '../../src/domain';
import { nextLocalTime } from '../../src/domain/compliance';
import { caseView } from '../../src/workflows/collection-case/messages';
import { caseScenarios } from '../support/scenarios';
import { quietHours, sent } from '../support/stub-activities';
import { stubbedCaseSuite } from '../support/suites';

const suite = stubbedCaseSuite();
const cases = caseScenarios(suite);

test('a deferred action is asked again, under the same key, when the guard said; the case publishes what it waits for meanwhile', async () => {
  suite.stub.answerWith(quietHours('Asia/Shanghai'));
  const loan = await cases.loan('deferred', 7, {}, 23);
  const handle = await cases.open(loan);
  const eight = nextLocalTime(await suite.env.currentTimeMs(), 'Asia/Shanghai', 8);
  await suite.env.sleep('10 hours');

  const [first, again, call] = cases.requestsOf(loan.loanId);
  expect(cases.requestsOf(loan.loanId)).toHaveLength(3);
  expect(again).toMatchObject({ seq: first.seq, idempotencyKey: first.idempotencyKey, channel: 'sms' });
  expect(again.atMs).toBeGreaterThanOrEqual(eight);
  expect(again.atMs - eight).toBeLessThan(60_000);
  expect(call).toMatchObject({ seq: first.seq + 1, channel: 'phone' });
  // While it waited, the read model said for what and until when.
  const waiting = suite.stub.views(handle.workflowId).find((view) => view.waitingFor[0]?.kind === 'contact-deferred');
  expect(waiting?.waitingFor[0]).toMatchObject({
    until: new Date(eight).toISOString(),
    reason: expect.stringMatching(/^sms for step dpd7-reminder-and-call deferred by quiet-22-08 until \d{4}-\d{2}-\d{2} 08:00 Asia\/Shanghai$/),
  });
});

test('a case in the middle of a step says which step is under way, not that its ladder is finished', async () => {
  // The SMS provider takes its time: the send is under way until the test lets it answer.
  let smsAsked!: () => void;
  const asked = new Promise<void>((resolve) => (smsAsked = resolve));
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  suite.stub.answerWith((request: ActionRequest) => {
    if (request.channel !== 'sms') return undefined;
    smsAsked();
    return answered.then(() => sent(request));
  });
  const loan = await cases.loan('midstep', 7, {}, 10);
  const handle = await cases.open(loan);
  try {
    await asked;
    const view = await handle.query(caseView);
    expect(view.stage).toBe('collect');
    expect(view.waitingFor[0]).toEqual({ kind: 'step-under-way', reason: 'step dpd7-reminder-and-call under way: sms, phone' });
  } finally {
    answer();
  }
});
