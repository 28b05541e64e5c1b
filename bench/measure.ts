// Small measuring tools the scenarios share: rates, ratios, percentiles, a
// bounded pool of concurrent calls, waiting on a condition, process memory.
import { readFile } from 'node:fs/promises';

export interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Nearest-rank percentiles of durations in ms. */
export function latencyOf(durationsMs: number[]): Latency {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { samples: sorted.length, p50Ms: round(at(50)), p95Ms: round(at(95)), p99Ms: round(at(99)), meanMs: round(mean) };
}

export function perSecond(count: number, elapsedMs: number): number {
  return round((count * 1000) / Math.max(1, elapsedMs), 1);
}

/** measured ÷ baseline, to three places: above 1 for rates means faster than the floor. */
export function ratio(measured: number, baseline: number): number {
  return baseline > 0 ? round(measured / baseline, 3) : 0;
}

export function seconds(ms: number): number {
  return round(ms / 1000, 1);
}

/** Milliseconds since `start`, from a monotonic clock. */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const now = (): bigint => process.hrtime.bigint();

/** Runs fn(0..count-1) with at most `concurrency` calls in flight; resolves with their results in order. */
export async function inPool<T>(count: number, concurrency: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await fn(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/** Polls until check() is true; throws with `what` when the deadline passes. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: gave up after ${seconds(timeoutMs)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resident memory of a process in MB, from /proc; null when it cannot be read (another host, exited). */
export async function rssMb(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb ? round(Number(kb) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in seconds, from /proc; null when it cannot be read. */
export async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export type ProcessPids = Record<string, number | undefined>;

/**
 * CPU used by each process over a stretch of work, and by all of them against
 * what the machine's cores could give in that time: a share near 1 means the
 * work was bound by the CPU, not by waiting.
 */
export async function cpuMeter(pids: ProcessPids, cores: number) {
  const read = async () => Object.fromEntries(await Promise.all(Object.entries(pids).map(async ([name, pid]) => [name, await cpuSeconds(pid)] as const)));
  const before = await read();
  const start = now();
  return async (units: number) => {
    const after = await read();
    const elapsedMs = since(start);
    const used: Record<string, number> = {};
    for (const [name, value] of Object.entries(after)) if (value !== null && before[name] !== null) used[name] = value - before[name]!;
    const total = Object.values(used).reduce((sum, value) => sum + value, 0);
    return {
      /** CPU ms each process spent per unit of work (a case, a workflow). */
      cpuMsPerUnit: Object.fromEntries(Object.entries(used).map(([name, value]) => [name, round((value * 1000) / Math.max(1, units), 1)])),
      cpuMsPerUnitTotal: round((total * 1000) / Math.max(1, units), 1),
      /** CPU used by these processes ÷ (cores × wall time). */
      machineShare: round(total / ((cores * Math.max(1, elapsedMs)) / 1000), 2),
    };
  };
}
