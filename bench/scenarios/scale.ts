// Scale: how many open cases, parked on their timers, this machine holds. Opens
// cases in chunks until the target or the time budget, waits after each chunk
// until every case has parked (or the budget ends), and records, with the time
// so far, the memory of the case worker (its own process, with npm start's heap
// limit), of the bench process (the client, the floor worker, the sandbox), of
// the API (its own process, with its index of open cases), of the
// Temporal server (file-backed, as `npm start` runs it) per thousand
// cases opened here, and of FerretDB. The floor is the server's memory per
// thousand parked trivial workflows. The CPU each process spent per case parked,
// and the share of the machine's cores they used, say whether the rate is bound
// by the CPU.
import os from 'node:os';
import { startTimers, terminateAll, waitUntilTimersParked } from '../floor';
import { openBenchCases } from '../cases';
import type { BenchFlags } from '../flags';
import { cpuMeter, now, perSecond, ratio, rssMb, seconds, since } from '../measure';
import type { BenchStack } from '../stack';
import { INTAKE_PREFIX } from './intake';

const FLOOR_PREFIX = 'scale-floor';

export async function scale(stack: BenchStack, flags: BenchFlags) {
  const floor = await floorMemory(stack, flags);
  // Chunks start small and double while the machine keeps up, so a slow store is not buried under cases it cannot take.
  let chunk = 50;
  const budgetEnds = Date.now() + flags.scaleBudgetMs;
  const parked = () => stack.watch.parkedCount(INTAKE_PREFIX);
  const startParked = parked();
  let opened = startParked;
  const startServerMb = await rssMb(stack.pids.temporal);
  /** The server's growth per thousand cases opened by this scenario, once it has opened some. */
  const perThousand = (serverMb: number | null) =>
    serverMb !== null && startServerMb !== null && opened > startParked ? Number((((serverMb - startServerMb) * 1000) / (opened - startParked)).toFixed(1)) : null;
  const step = async () => {
    const measured = await memory(stack, parked(), since(start));
    return { opened, ...measured, serverMbPer1000Cases: perThousand(measured.serverMb) };
  };
  const start = now();
  const cpu = await cpuMeter(stack.pids, os.cpus().length);
  const milestones = [await step()];
  while (opened < flags.scale && Date.now() < budgetEnds) {
    const count = nextChunk({ chunk, left: flags.scale - opened, parkedSoFar: parked() - startParked, elapsedMs: since(start), budgetLeftMs: budgetEnds - Date.now() });
    await openBenchCases(stack, { prefix: INTAKE_PREFIX, count, concurrency: flags.concurrency, from: opened });
    opened += count;
    while (parked() < opened && Date.now() < budgetEnds) await new Promise((resolve) => setTimeout(resolve, 100));
    milestones.push(await step());
    if (parked() >= opened) chunk = Math.min(chunk * 2, 5000);
  }
  const elapsedMs = since(start);
  const held = parked();
  // The server holds every case opened, parked or not yet.
  const casesMbPer1000 = milestones[milestones.length - 1].serverMbPer1000Cases;
  return {
    target: flags.scale,
    openCasesParked: held,
    /** Opened within the budget but not yet through their first step when it ran out. */
    openedNotYetParked: opened - held,
    reachedTarget: held >= flags.scale,
    openCasesByVisibility: await runningCases(stack),
    seconds: seconds(elapsedMs),
    parkedPerSecond: perSecond(held - startParked, elapsedMs),
    cpu: await cpu(held - startParked),
    memory: milestones,
    serverMbPer1000Cases: casesMbPer1000,
    ratioToTrivialWorkflows: casesMbPer1000 !== null && floor.serverMbPer1000 ? ratio(casesMbPer1000, floor.serverMbPer1000) : null,
    baseline: floor,
  };
}

/**
 * How many cases the next chunk opens: the doubling chunk, but no more than are
 * left to open, nor than the rate measured so far parks in the budget left (a
 * chunk of 5,000 at 15 a second opened near the end overran the budget by
 * minutes). Before anything has parked there is no rate: the chunk as it is.
 */
export function nextChunk(at: { chunk: number; left: number; parkedSoFar: number; elapsedMs: number; budgetLeftMs: number }): number {
  const count = Math.min(at.chunk, at.left);
  if (at.parkedSoFar <= 0 || at.elapsedMs <= 0) return count;
  const affordable = Math.floor((at.parkedSoFar / at.elapsedMs) * Math.max(0, at.budgetLeftMs));
  return Math.max(1, Math.min(count, affordable));
}

/** Server memory growth for `n` parked trivial workflows, terminated again so only cases stay. */
async function floorMemory(stack: BenchStack, flags: BenchFlags) {
  const n = Math.max(200, Math.min(10_000, Math.ceil(flags.scale / 10)));
  const before = await rssMb(stack.pids.temporal);
  const prefix = `${FLOOR_PREFIX}-${Date.now()}`;
  const { workflowIds } = await startTimers(stack, prefix, n, flags.concurrency);
  await waitUntilTimersParked(stack, prefix, n, 300_000);
  const after = await rssMb(stack.pids.temporal);
  await terminateAll(stack, workflowIds, flags.concurrency);
  return {
    workflow: 'benchTimer (one timer), parked',
    workflows: n,
    serverMbPer1000: before !== null && after !== null ? Number((((after - before) * 1000) / n).toFixed(1)) : null,
  };
}

async function memory(stack: BenchStack, openCases: number, elapsedMs: number) {
  const [caseWorkerMb, benchMb, apiMb, serverMb, mongodbMb] = await Promise.all([
    rssMb(stack.pids.caseWorker),
    rssMb(stack.pids.bench),
    rssMb(stack.pids.api),
    rssMb(stack.pids.temporal),
    rssMb(stack.pids.mongodb),
  ]);
  return { parked: openCases, seconds: seconds(elapsedMs), caseWorkerMb, benchMb, apiMb, serverMb, mongodbMb };
}

async function runningCases(stack: BenchStack): Promise<number | null> {
  try {
    const { count } = await stack.client.workflow.count(`WorkflowType = 'collectionCase' AND ExecutionStatus = 'Running'`);
    return count;
  } catch {
    return null;
  }
}
