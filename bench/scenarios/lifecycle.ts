// Lifecycle: N cases through the whole 180-day ladder on a short business day,
// each closed by a payment once its ladder is done, against N skeleton workflows
// with the same timers, activities and signal and no logic, on the same server.
import { businessTime } from '../../src/domain';
import { paymentReceived } from '../../src/workflows/collection-case/messages';
import { LADDER_PREFIX } from '../case-activities';
import { openBenchCases } from '../cases';
import type { BenchFlags } from '../flags';
import { fetchHistories, meanCounts, shapeOf, type FetchedHistory } from '../histories';
import { inPool, now, perSecond, ratio, seconds, since } from '../measure';
import { FLOOR_TASK_QUEUE, type BenchStack } from '../stack';
import { finish, ladderSkeleton, type ShapeStep } from '../workflows';

export interface LifecycleRun {
  histories: FetchedHistory[];
}

export async function lifecycle(stack: BenchStack, flags: BenchFlags, run: LifecycleRun) {
  stack.watch.takeActivityTimings();
  const cases = await runCases(stack, flags, flags.lifecycle);
  const activities = stack.watch.takeActivityTimings();
  run.histories = cases.histories;
  const shapes = cases.histories.map(({ history }) => shapeOf(history));
  const skeleton = await runSkeletons(stack, flags, shapes);
  const caseRate = perSecond(flags.lifecycle, cases.elapsedMs);
  const skeletonRate = perSecond(flags.lifecycle, skeleton.elapsedMs);
  return {
    cases: flags.lifecycle,
    dayLengthMs: flags.dayLengthMs,
    /** The fastest a ladder can go at this day length: its last timer's offset from the start. */
    ladderWallSeconds: seconds(Math.max(...shapes.map(lastTimerOffset))),
    completedPerSecond: caseRate,
    seconds: seconds(cases.elapsedMs),
    perCase: meanCounts(cases.histories.map(({ history }) => history)),
    /** Temporal's state transitions per case (its persistence writes), over the case's whole life and per business day of it. */
    stateTransitions: await stateTransitions(stack, flags, cases.histories),
    activities,
    ratioToSkeleton: ratio(caseRate, skeletonRate),
    target: 0.8,
    baseline: {
      workflow: 'ladderSkeleton (each case\'s own timers, activities and signal, read off its history; no logic)',
      completedPerSecond: skeletonRate,
      seconds: seconds(skeleton.elapsedMs),
      perWorkflow: skeleton.counts,
    },
  };
}

/** Mean state transitions per case as the server counts them, and per business day the case lived (first to last event). */
async function stateTransitions(stack: BenchStack, flags: BenchFlags, histories: FetchedHistory[]) {
  const sample = histories.slice(0, 50);
  const counts = await inPool(sample.length, 8, async (i) => {
    const { raw } = await stack.client.workflow.getHandle(sample[i].workflowId).describe();
    return Number(raw.workflowExecutionInfo?.stateTransitionCount ?? 0);
  });
  const days = sample.map(({ history }) => {
    const times = (history.events ?? []).map((event) => Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6));
    return (Math.max(...times) - Math.min(...times)) / flags.dayLengthMs;
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    cases: sample.length,
    perCase: Math.round(mean(counts)),
    businessDaysPerCase: Math.round(mean(days)),
    perCaseDay: Math.round((mean(counts) / Math.max(1, mean(days))) * 100) / 100,
  };
}

/** Opens `count` cases on a short business day and drives each to the end of its ladder, then pays it off. */
export async function runCases(stack: BenchStack, flags: BenchFlags, count: number) {
  const clock = { originMs: Date.now(), dayLengthMs: flags.dayLengthMs };
  const prefix = `${LADDER_PREFIX}${clock.originMs}`;
  const opened = await openBenchCases(stack, { prefix, count, concurrency: flags.concurrency, clock });
  const elapsedMs = await driveToEnd({
    stack,
    workflowIds: opened.caseIds,
    timeoutMs: timeoutFor(flags),
    // The last ladder step is done when a case past DPD 180 has no next action: it waits for a payment or a person.
    waiting: async () => [...stack.watch.ladderDone].map(([workflowId, balance]) => ({ workflowId, balance })),
    async finish({ workflowId, balance }) {
      const date = new Date(businessTime(clock, Date.now())).toISOString().slice(0, 10);
      await stack.client.workflow.getHandle(workflowId).signal(paymentReceived, { amount: balance ?? 0, date, reference: `bench-payoff-${workflowId}` });
    },
    start: opened.startedAt,
  });
  return { elapsedMs, histories: await fetchHistories(stack, opened.caseIds) };
}

async function runSkeletons(stack: BenchStack, flags: BenchFlags, shapes: ShapeStep[][]) {
  stack.watch.skeletonsWaiting.clear();
  const prefix = `skeleton-${Date.now()}`;
  const start = now();
  const workflowIds = await inPool(shapes.length, flags.concurrency, async (i) => {
    const handle = await stack.client.workflow.start(ladderSkeleton, { workflowId: `${prefix}-${i}`, taskQueue: FLOOR_TASK_QUEUE, args: [shapes[i]] });
    return handle.workflowId;
  });
  const elapsedMs = await driveToEnd({
    stack,
    workflowIds,
    timeoutMs: timeoutFor(flags),
    waiting: async () => [...stack.watch.skeletonsWaiting].map((workflowId) => ({ workflowId })),
    finish: ({ workflowId }) => stack.client.workflow.getHandle(workflowId).signal(finish),
    start,
  });
  const sample = await fetchHistories(stack, workflowIds.slice(0, 100));
  return { elapsedMs, counts: meanCounts(sample.map(({ history }) => history)) };
}

interface Waiting {
  workflowId: string;
  balance?: number;
}

/**
 * Polls for workflows that finished their ladder, sends each its finishing signal
 * once, and resolves with the time from `start` until the last one completed.
 */
async function driveToEnd(options: {
  stack: BenchStack;
  workflowIds: string[];
  timeoutMs: number;
  waiting(): Promise<Waiting[]>;
  finish(workflow: Waiting): Promise<void>;
  start: bigint;
}): Promise<number> {
  const ours = new Set(options.workflowIds);
  const signalled = new Set<string>();
  const results: Promise<unknown>[] = [];
  let lastDoneMs = 0;
  const deadline = Date.now() + options.timeoutMs;
  while (signalled.size < options.workflowIds.length) {
    if (Date.now() > deadline) {
      throw new Error(`bench: ${options.workflowIds.length - signalled.size} of ${options.workflowIds.length} workflows did not finish their ladder in time`);
    }
    const fresh = (await options.waiting()).filter(({ workflowId }) => ours.has(workflowId) && !signalled.has(workflowId));
    await inPool(fresh.length, 32, async (i) => {
      signalled.add(fresh[i].workflowId);
      await options.finish(fresh[i]);
      results.push(
        options.stack.client.workflow
          .getHandle(fresh[i].workflowId)
          .result()
          .then(() => void (lastDoneMs = Math.max(lastDoneMs, since(options.start)))),
      );
    });
    if (signalled.size < options.workflowIds.length) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await Promise.all(results);
  return lastDoneMs;
}

function lastTimerOffset(shape: ShapeStep[]): number {
  return shape.reduce((latest, step) => (step.kind === 'timer' ? Math.max(latest, step.firesAfterMs) : latest), 0);
}

/** Ten times the ladder at this day length, and never under five minutes. */
function timeoutFor(flags: BenchFlags): number {
  return Math.max(300_000, 180 * flags.dayLengthMs * 10);
}
