// Command latency: pause then resume on cases picked at random among N open ones,
// one command in flight, interleaved with the floor: a bare no-op update on a
// trivial workflow, twice. Both sets of workflows are parked and mostly out of
// the worker's cache, so both pay for a replay now and then. Where the API runs,
// each round also sends the pair to another case straight through the client, so
// the API's share of a command's time is the difference.
import { pause, resume } from '../../src/workflows/collection-case/messages';
import { expectStatus, type BenchApi } from '../api';
import { openBenchCases, waitUntilParked } from '../cases';
import { startTimers, waitUntilTimersParked } from '../floor';
import type { BenchFlags } from '../flags';
import { latencyOf, now, ratio, since } from '../measure';
import type { BenchStack } from '../stack';
import { noop } from '../workflows';
import { INTAKE_PREFIX, TIMER_PREFIX } from './intake';

const PAUSE_ROUTE = 'POST /v1/cases/:caseId/commands/pause';
const RESUME_ROUTE = 'POST /v1/cases/:caseId/commands/resume';
const WARM_UP = 5;

export async function commands(stack: BenchStack, flags: BenchFlags, api: BenchApi | undefined) {
  const openCases = await topUpOpenCases(stack, flags, flags.commands);
  const timers = await floorTargets(stack, flags);
  const viaApi = Boolean(api?.has(PAUSE_ROUTE) && api.has(RESUME_ROUTE));
  const command = viaApi ? apiCommand(api!) : clientCommand(stack);

  const picked = pick(openCases, 2 * (flags.samples + WARM_UP)).map((i) => `case-${INTAKE_PREFIX}-${i}`);
  const caseIds = picked.slice(0, flags.samples + WARM_UP);
  const directIds = picked.slice(flags.samples + WARM_UP);
  const direct = clientCommand(stack);
  const directPairs: number[] = [];
  const timerIds = pick(timers, flags.samples + WARM_UP).map((i) => `${TIMER_PREFIX}-${i}`);
  const paused: number[] = [];
  const resumed: number[] = [];
  const pairs: number[] = [];
  const floorUpdates: number[] = [];
  const floorPairs: number[] = [];
  for (let i = 0; i < caseIds.length; i++) {
    const pauseMs = await timed(() => command('pause', caseIds[i]));
    const resumeMs = await timed(() => command('resume', caseIds[i]));
    const timer = stack.client.workflow.getHandle(timerIds[i]);
    const firstMs = await timed(() => timer.executeUpdate(noop));
    const secondMs = await timed(() => timer.executeUpdate(noop));
    const directMs = viaApi ? (await timed(() => direct('pause', directIds[i]))) + (await timed(() => direct('resume', directIds[i]))) : undefined;
    if (i < WARM_UP) continue;
    if (directMs !== undefined) directPairs.push(directMs);
    paused.push(pauseMs);
    resumed.push(resumeMs);
    pairs.push(pauseMs + resumeMs);
    floorUpdates.push(firstMs, secondMs);
    floorPairs.push(firstMs + secondMs);
  }
  const roundTrip = latencyOf(pairs);
  const floor = latencyOf(floorPairs);
  return {
    openCases,
    via: viaApi ? `API (${PAUSE_ROUTE}, ${RESUME_ROUTE})` : 'client executeUpdate (the API has no case command routes yet)',
    pause: latencyOf(paused),
    resume: latencyOf(resumed),
    pauseResumeRoundTrip: roundTrip,
    /** Round-trip latency ÷ the floor's: 1 is the floor, above it is slower. */
    ratioToBareUpdates: ratios(roundTrip, floor),
    ...(viaApi && {
      /** The same pair sent to other cases through the Temporal client, without the API: what the API adds is the difference. */
      withoutApi: { pauseResumeRoundTrip: latencyOf(directPairs), ratioToBareUpdates: ratios(latencyOf(directPairs), floor) },
    }),
    baseline: {
      workflow: `benchTimer no-op update, two in a row, on ${timers} parked trivial workflows`,
      update: latencyOf(floorUpdates),
      twoUpdatesRoundTrip: floor,
    },
  };
}

const ratios = (of: ReturnType<typeof latencyOf>, floor: ReturnType<typeof latencyOf>) => ({
  p50: ratio(of.p50Ms, floor.p50Ms),
  p95: ratio(of.p95Ms, floor.p95Ms),
  p99: ratio(of.p99Ms, floor.p99Ms),
});

type Command = (name: 'pause' | 'resume', caseId: string) => Promise<void>;

function clientCommand(stack: BenchStack): Command {
  return async (name, caseId) => {
    const handle = stack.client.workflow.getHandle(caseId);
    if (name === 'pause') await handle.executeUpdate(pause, { args: [{ actor: 'bench', reason: 'bench: command latency' }] });
    else await handle.executeUpdate(resume, { args: [{ actor: 'bench', reason: 'bench: command latency' }] });
  };
}

function apiCommand(api: BenchApi): Command {
  return async (name, caseId) => {
    const response = await api.request('POST', `/v1/cases/${caseId}/commands/${name}`, JSON.stringify({ reason: 'bench: command latency' }));
    expectStatus(response, 200, `${name} ${caseId}`);
  };
}

/** Opens cases until `target` are open and parked (intake's count towards it); returns how many are open. */
export async function topUpOpenCases(stack: BenchStack, flags: BenchFlags, target: number): Promise<number> {
  const existing = stack.watch.parkedCount(INTAKE_PREFIX);
  if (existing >= target) return existing;
  await openBenchCases(stack, { prefix: INTAKE_PREFIX, count: target - existing, concurrency: flags.concurrency, from: existing });
  // The embedded FerretDB parks 8–13 cases a second on this machine; a quarter second each leaves room.
  await waitUntilParked(stack, INTAKE_PREFIX, target, Math.max(120_000, (target - existing) * 250));
  return target;
}

/** The trivial workflows intake left parked, or as many as the samples need when intake did not run. */
async function floorTargets(stack: BenchStack, flags: BenchFlags): Promise<number> {
  if (flags.only.includes('intake')) return flags.intake;
  const count = flags.samples + WARM_UP;
  await startTimers(stack, TIMER_PREFIX, count, flags.concurrency);
  await waitUntilTimersParked(stack, TIMER_PREFIX, count, 120_000);
  return count;
}

/** `count` indexes below `population`, distinct while the population allows. */
function pick(population: number, count: number): number[] {
  const indexes = Array.from({ length: population }, (_, i) => i);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
  }
  return Array.from({ length: count }, (_, i) => indexes[i % population]);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return since(start);
}
