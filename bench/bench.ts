// Runs the chosen scenarios in an order that builds on itself: intake leaves
// cases and trivial workflows parked, commands tops the cases up and uses both,
// lists reads the read model they wrote, lifecycle leaves histories for replay,
// and scale goes on opening cases last.
import os from 'node:os';
import { startApi, type BenchApi } from './api';
import type { BenchFlags, Scenario } from './flags';
import type { LifecycleRun } from './scenarios/lifecycle';
import { commands } from './scenarios/commands';
import { consoleScenario } from './scenarios/console';
import { intake } from './scenarios/intake';
import { lifecycle } from './scenarios/lifecycle';
import { lists } from './scenarios/lists';
import { replay } from './scenarios/replay';
import { reports } from './scenarios/reports';
import { scale } from './scenarios/scale';
import { startStack, type StackOptions } from './stack';

export interface BenchResult {
  startedAt: string;
  flags: BenchFlags;
  machine: { cpus: number; memoryGb: number; node: string };
  stack: { mode: 'embedded' | 'external'; temporal: string; api: string };
  seconds: number;
  scenarios: Partial<Record<Scenario, unknown>>;
}

export interface BenchOptions extends StackOptions {
  /** Where progress goes; stderr by default, as stdout carries only the result. */
  progress?: (message: string) => void;
  /** On Ctrl-C or SIGTERM, stop the servers this run started before exiting (the command line). */
  stopOnSignals?: boolean;
}

export async function runBench(flags: BenchFlags, options: BenchOptions = {}): Promise<BenchResult> {
  const progress = options.progress ?? ((message: string) => process.stderr.write(`bench: ${message}\n`));
  const startedAt = new Date();
  progress(`starting the stack`);
  const stack = await startStack({ ...options, activitySlots: flags.activitySlots, cluster: flags.cluster });
  if (options.stopOnSignals) {
    const interrupted = () => void stack.stop().finally(() => process.exit(130));
    // on, not once: a second signal (tsx and npm relay Ctrl-C too) must not end the process before the servers stop.
    let interruptedOnce = false;
    const onSignal = () => {
      if (interruptedOnce) return;
      interruptedOnce = true;
      interrupted();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  let api: BenchApi | undefined;
  let apiState = 'own process';
  try {
    api = await startApi(stack);
    stack.pids.api = api.pid;
  } catch (error) {
    apiState = `not started: ${error instanceof Error ? error.message : error}`;
  }
  const scenarios: BenchResult['scenarios'] = {};
  const run: LifecycleRun = { histories: [] };
  const steps: [Scenario, () => Promise<unknown>][] = [
    ['intake', () => intake(stack, flags, api)],
    ['commands', () => commands(stack, flags, api)],
    ['lists', () => lists(stack, flags, api)],
    ['console', () => consoleScenario(stack, flags, api)],
    ['lifecycle', () => lifecycle(stack, flags, run)],
    ['replay', () => replay(stack, flags, run, api)],
    ['scale', () => scale(stack, flags)],
    ['reports', () => reports(stack, flags, api)],
  ];
  try {
    for (const [name, step] of steps) {
      if (!flags.only.includes(name)) continue;
      progress(`${name}…`);
      const started = Date.now();
      // One scenario failing leaves the others' figures standing; the output says what failed.
      scenarios[name] = await step().catch((error: Error) => ({ error: error.message }));
      progress(`${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await api?.stop();
    await stack.stop();
  }
  return {
    startedAt: startedAt.toISOString(),
    flags,
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    stack: {
      mode: stack.mode,
      temporal: stack.mode === 'external' ? 'TEMPORAL_ADDRESS' : flags.cluster ? 'cluster: PostgreSQL 15, the server as four processes, 4 history shards' : 'dev server (SQLite file)',
      api: apiState,
    },
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    scenarios,
  };
}
