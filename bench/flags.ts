// The benchmark's sizes, from argv. Every size is a flag; --quick shrinks the
// defaults to a smoke run that CI can afford, and explicit flags still win.
import { parseDurationMs } from '../src/config';

export const SCENARIOS = ['intake', 'lifecycle', 'commands', 'lists', 'console', 'replay', 'scale', 'reports'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchFlags {
  quick: boolean;
  only: Scenario[];
  /**
   * Against the cluster mode's Temporal (PostgreSQL and the server as four
   * processes, scripts/cluster.ts) instead of the dev server; commands and
   * lifecycle unless --only says otherwise.
   */
  cluster: boolean;
  /** Cases opened by the intake scenario (and as many trivial workflows for its baseline). */
  intake: number;
  /** Cases driven through the whole ladder (and as many skeleton workflows). */
  lifecycle: number;
  /** Open cases while command latency is measured. */
  commands: number;
  /** Read-model sizes at which case lists are timed. */
  list: number[];
  /** Cases in the read model while the console's case list is timed in chromium. */
  console: number;
  /** Navigations timed by the console scenario, cold and warm each. */
  consoleRuns: number;
  /** Histories verified by each replay path. */
  replay: number;
  /** Open cases parked on timers the scale scenario aims for. */
  scale: number;
  /** Wall time the scale scenario may spend opening cases before it reports what it reached. */
  scaleBudgetMs: number;
  /** Business day length for the lifecycle scenario. */
  dayLengthMs: number;
  /** Samples per latency figure (command round trips, list queries). */
  samples: number;
  /** Workflow starts in flight at once. */
  concurrency: number;
  /** Activities the case worker runs at once; unset, the worker's default. */
  activitySlots?: number;
  /** Snapshot documents the reports scenario seeds (two days, half each). */
  reports: number;
}

/** What --cluster measures unless --only says: the scenarios for the topology. */
export const CLUSTER_SCENARIOS: Scenario[] = ['commands', 'lifecycle'];

const FULL: Omit<BenchFlags, 'quick' | 'only' | 'cluster'> = {
  intake: 5000,
  lifecycle: 1000,
  commands: 10_000,
  list: [10_000, 100_000],
  console: 10_000,
  consoleRuns: 20,
  replay: 1000,
  scale: 100_000,
  scaleBudgetMs: parseDurationMs('10m'),
  dayLengthMs: 200,
  samples: 500,
  concurrency: 64,
  reports: 100_000,
};

const QUICK: Omit<BenchFlags, 'quick' | 'only' | 'cluster'> = {
  intake: 30,
  lifecycle: 15,
  commands: 60,
  list: [60, 300],
  console: 300,
  consoleRuns: 5,
  replay: 15,
  scale: 100,
  scaleBudgetMs: parseDurationMs('15s'),
  dayLengthMs: 50,
  samples: 15,
  concurrency: 16,
  reports: 2000,
};

export class FlagError extends Error {
  override name = 'FlagError';
}

const positiveInt = (flag: string, text: string | undefined): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new FlagError(`${flag} needs a positive whole number, got "${text ?? ''}"`);
  return value;
};

const duration = (flag: string, text: string | undefined): number => {
  try {
    return parseDurationMs(text ?? '');
  } catch {
    throw new FlagError(`${flag} needs a duration such as 200ms or 5m, got "${text ?? ''}"`);
  }
};

/** `--intake 5000 --list 10000,100000 --only intake,lifecycle --quick ...` → flags. */
export function parseFlags(argv: readonly string[]): BenchFlags {
  const quick = argv.includes('--quick');
  const cluster = argv.includes('--cluster');
  const flags: BenchFlags = { quick, cluster, only: cluster ? [...CLUSTER_SCENARIOS] : [...SCENARIOS], ...(quick ? QUICK : FULL) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick' || flag === '--cluster') continue;
    const value = argv[++i];
    switch (flag) {
      case '--intake':
      case '--lifecycle':
      case '--commands':
      case '--replay':
      case '--scale':
      case '--samples':
      case '--concurrency':
      case '--console':
      case '--activity-slots':
      case '--reports':
        flags[flag === '--activity-slots' ? 'activitySlots' : (flag.slice(2) as 'intake')] = positiveInt(flag, value);
        break;
      case '--console-runs':
        flags.consoleRuns = positiveInt(flag, value);
        break;
      case '--list':
        flags.list = (value ?? '').split(',').map((size) => positiveInt(flag, size));
        break;
      case '--day-length':
        flags.dayLengthMs = duration(flag, value);
        break;
      case '--scale-budget':
        flags.scaleBudgetMs = duration(flag, value);
        break;
      case '--only':
        flags.only = (value ?? '').split(',').map((name) => {
          if (!(SCENARIOS as readonly string[]).includes(name)) throw new FlagError(`--only takes ${SCENARIOS.join(', ')}; "${name}" is none of them`);
          return name as Scenario;
        });
        break;
      default:
        throw new FlagError(`unknown flag "${flag}"; see bench/README.md`);
    }
  }
  return flags;
}
