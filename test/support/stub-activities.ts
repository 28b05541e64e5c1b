// Stub case activities for the fast tier: the case runs on the real
// time-skipping server, and its activities answer from memory (at once, unless a
// test holds one back), with no database, guard or provider behind them.
// performAction answers as the test says (sent, unless it says otherwise);
// recordCaseProgress keeps what the case published; the others answer plainly.
// The suite wraps the stub in observedActivities, so a test sees what was
// called, how often and with what.
import type { CaseProgress } from '../../src/activities/case-records';
import type { CaseActivities } from '../../src/activities/case-activities';
import { localDateTime, nextLocalTime } from '../../src/domain/compliance';
import { placementRefFor, type ActionRequest, type ActionResult, type CaseEvent, type CaseView } from '../../src/domain';

/** How performAction answers a request (at once, or when the promise settles); undefined leaves it to the default (sent). */
export type ActionAnswer = (request: ActionRequest) => ActionResult | Promise<ActionResult> | undefined;

/** What a channel that took the action answers: a provider's reference, or the task queued for an agent. */
export function sent(request: ActionRequest): ActionResult {
  switch (request.channel) {
    case 'phone':
    case 'field-visit':
      // Nobody is reached until the agent reports; the task id is the action's key.
      return { status: 'sent', outcome: 'no-contact', providerRef: request.idempotencyKey, reason: `${request.channel} task queued` };
    case 'legal-review':
    case 'write-off-review':
    case 'review':
      return { status: 'sent', outcome: 'delivered', providerRef: request.idempotencyKey, reason: `${request.channel} task queued` };
    case 'agency':
      return { status: 'sent', outcome: 'delivered', providerRef: placementRefFor(request.caseId, request.seq), reason: 'placed' };
    default:
      return { status: 'sent', outcome: 'delivered', providerRef: `stub-${request.idempotencyKey}`, reason: `${request.channel} accepted` };
  }
}

export const deferred = (untilMs: number, rule = 'stub-defer'): ActionResult => ({ status: 'deferred', untilMs, rule, reason: `deferred by ${rule}` });

/** Quiet hours as a guard keeps them: anything asked for between 22:00 and 08:00 on the debtor's clock waits until 08:00. */
export function quietHours(timeZone: string): ActionAnswer {
  return (request) => {
    const { hour } = localDateTime(request.atMs, timeZone);
    return hour >= 22 || hour < 8 ? deferred(nextLocalTime(request.atMs, timeZone, 8), 'quiet-22-08') : undefined;
  };
}

export function stubActivities() {
  const published = new Map<string, CaseProgress[]>();
  let answer: ActionAnswer = () => undefined;
  const progressOf = (caseId: string) => published.get(caseId) ?? [];
  const activities: CaseActivities = {
    performAction: async (request) => (await answer(request)) ?? sent(request),
    checkDelivery: async () => ({ status: 'delivered' }),
    recallFromAgency: async () => undefined,
    recordTaskOutcome: async () => undefined,
    recordLoanReAged: async () => undefined,
    withdrawTasks: async ({ taskIds }) => taskIds.length,
    recordCaseProgress: async (progress) => {
      published.set(progress.caseId, [...progressOf(progress.caseId), progress]);
    },
  };
  return {
    activities,
    /** performAction answers with `next` from now on (until the next test: the suite resets it). */
    answerWith(next: ActionAnswer): void {
      answer = next;
    },
    reset(): void {
      answer = () => undefined;
    },
    /** Every view the case published, in order: its read model over time. */
    views: (caseId: string): CaseView[] => progressOf(caseId).map((progress) => progress.view),
    /** The case's audit trail as it published it: every event once, in order. */
    trail: (caseId: string): CaseEvent[] => progressOf(caseId).flatMap((progress) => progress.events),
  };
}

export type StubActivities = ReturnType<typeof stubActivities>;
