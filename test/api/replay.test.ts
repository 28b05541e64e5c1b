// Replay verification as the audit route runs it: one replay worker serves
// requests that come together or one after another, a divergence is reported
// without stopping the others, and the verdicts pair with their histories.
import { temporal } from '@temporalio/proto';
import { createReplayer } from '../../src/api/replay';
import { recordedHistories } from '../support/histories';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';
import { testDataConverter } from '../support/temporal';

const { History } = temporal.api.history.v1;
const replay = createReplayer({ dataConverter: testDataConverter, workflowBundlePath: WORKFLOW_BUNDLE_PATH, idleMs: 200 });
const recorded = recordedHistories();

function tampered(history: temporal.api.history.v1.History) {
  const copy = History.decode(History.encode(history).finish());
  copy.events.find((event) => event.activityTaskScheduledEventAttributes)!.activityTaskScheduledEventAttributes!.activityType = { name: 'somethingElse' };
  return copy;
}

test('requests together and one after another, a divergence among them, each get their own verdict', async () => {
  const [a, b, c] = recorded;
  const together = await Promise.all([
    replay(a.workflowId, a.history),
    replay(b.workflowId, tampered(b.history)),
    replay(c.workflowId, c.history),
  ]);
  expect(together[0]).toEqual({ match: true });
  expect(together[1]).toEqual({ match: false, divergence: expect.stringMatching(/[Nn]ondeterminism.*somethingElse/) });
  expect(together[2]).toEqual({ match: true });

  for (const { workflowId, history } of recorded.slice(3, 6)) expect(await replay(workflowId, history)).toEqual({ match: true });
});
