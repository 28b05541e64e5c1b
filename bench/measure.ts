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
