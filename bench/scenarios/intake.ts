// Intake: how fast cases open, against starting as many trivial workflows (one
// timer each) on the same server. Both stay open afterwards, parked on their
// timers: the command scenario uses them.
import os from 'node:os';
import { BENCH_CONTACT, benchLoan, morningTimeZone, openBenchCases, waitUntilParked } from '../cases';
import { startTimers, waitUntilTimersParked } from '../floor';
import type { BenchFlags } from '../flags';
import { cpuMeter, now, perSecond, ratio, seconds, since, waitUntil } from '../measure';
import { expectStatus, type BenchApi } from '../api';
import type { BenchStack } from '../stack';

export const INTAKE_PREFIX = 'intake';
export const TIMER_PREFIX = 'floor-timer';

const IMPORT_PREFIX = 'import';
const IMPORT_ROUTE = 'POST /v1/loans/import';
const SWEEP_ROUTE = 'POST /v1/monitor/sweep';

export async function intake(stack: BenchStack, flags: BenchFlags, api: BenchApi | undefined) {
  const n = flags.intake;
  const timeoutMs = Math.max(300_000, n * 500);

  const cores = os.cpus().length;
  const baselineCpu = await cpuMeter(stack.pids, cores);
  const baseline = await startTimers(stack, TIMER_PREFIX, n, flags.concurrency);
  const baselineSettleMs = await waitUntilTimersParked(stack, TIMER_PREFIX, n, timeoutMs);
  const baselineCpuUsed = await baselineCpu(n);

  stack.watch.takeActivityTimings();
  const casesCpu = await cpuMeter(stack.pids, cores);
  const opened = await openBenchCases(stack, { prefix: INTAKE_PREFIX, count: n, concurrency: flags.concurrency });
  const settleMs = await waitUntilParked(stack, INTAKE_PREFIX, n, timeoutMs);
  const casesCpuUsed = await casesCpu(n);
  const activities = stack.watch.takeActivityTimings();

  const baselineRate = perSecond(n, baseline.elapsedMs);
  const clientRate = perSecond(n, opened.elapsedMs);
  const parkedRate = perSecond(n, opened.elapsedMs + settleMs);
  const baselineParkedRate = perSecond(n, baseline.elapsedMs + baselineSettleMs);
  return {
    cases: n,
    concurrency: flags.concurrency,
    client: {
      /** Until the last start returned: the server holds the cases. */
      casesPerSecond: clientRate,
      seconds: seconds(opened.elapsedMs),
      ratioToTrivialStarts: ratio(clientRate, baselineRate),
      /** Until every case had run its first ladder step and written its read model, i.e. was parked on a timer. */
      parkedPerSecond: parkedRate,
      parkedSeconds: seconds(opened.elapsedMs + settleMs),
      parkedRatioToTrivialParked: ratio(parkedRate, baselineParkedRate),
      /** CPU per case parked, by process (caseWorker; bench: the client, floor worker and sandbox; api; temporal; mongodb), and the machine's share used. */
      cpu: casesCpuUsed,
      /** Case CPU ÷ trivial workflow CPU, all processes: what bounds the parked ratio when the machine is saturated. */
      cpuRatioToTrivial: ratio(casesCpuUsed.cpuMsPerUnitTotal, baselineCpuUsed.cpuMsPerUnitTotal),
      activities,
    },
    bulkImport: api?.has(IMPORT_ROUTE)
      ? await bulkImport(stack, api, n, { startsPerSecond: baselineRate, parkedPerSecond: baselineParkedRate }).catch((error: Error) => ({
          available: true,
          error: error.message,
        }))
      : { available: false, reason: `no ${IMPORT_ROUTE} route in the API` },
    baseline: {
      workflow: 'benchTimer (one timer)',
      startsPerSecond: baselineRate,
      seconds: seconds(baseline.elapsedMs),
      parkedPerSecond: baselineParkedRate,
      cpu: baselineCpuUsed,
    },
  };
}

/**
 * The loan system's path: POST /v1/loans/import with N loans as NDJSON into the
 * loan book, then POST /v1/monitor/sweep, which opens a case for every past-due
 * loan without one; timed until every one of them has parked.
 */
async function bulkImport(stack: BenchStack, api: BenchApi, n: number, baseline: { startsPerSecond: number; parkedPerSecond: number }) {
  const businessNow = Date.now();
  const timeZone = morningTimeZone(businessNow);
  const ndjson = Array.from({ length: n }, (_, i) => JSON.stringify({ loan: benchLoan(`${IMPORT_PREFIX}-${i}`, businessNow, i, timeZone), contact: BENCH_CONTACT }));
  const start = now();
  const response = await api.request('POST', '/v1/loans/import', ndjson.join('\n'), 'application/x-ndjson');
  const importMs = since(start);
  expectStatus(response, 200, 'the bulk import');
  const report = response.body as { accepted: number };
  if (report.accepted !== n) throw new Error(`bench: the bulk import accepted ${report.accepted} of ${n} loans: ${JSON.stringify(report)}`);
  const imported = { route: IMPORT_ROUTE, loansPerSecond: perSecond(n, importMs), seconds: seconds(importMs) };
  if (!api.has(SWEEP_ROUTE)) return { available: true, import: imported, opensCases: false, note: `no ${SWEEP_ROUTE} route: the loan book write only` };

  const sweep = await api.request('POST', '/v1/monitor/sweep');
  expectStatus(sweep, 202, 'the portfolio sweep');
  const { sweepId } = sweep.body as { sweepId: string };
  let checked = 0;
  await waitUntil(`${n} imported loans' cases to park`, async () => {
    if (stack.watch.parkedCount(IMPORT_PREFIX) >= n) return true;
    if (Date.now() - checked > 2000) {
      checked = Date.now();
      const { body } = await api.request('GET', `/v1/monitor/sweeps/${sweepId}`);
      const { status, totals } = body as { status?: string; totals?: { opened: number } | null };
      if (status !== 'RUNNING' && status !== 'COMPLETED') throw new Error(`bench: sweep ${sweepId} ended ${status ?? JSON.stringify(body)}`);
      if (status === 'COMPLETED' && (totals?.opened ?? 0) < n) throw new Error(`bench: sweep ${sweepId} opened ${totals?.opened} of ${n} cases`);
    }
    return false;
  }, Math.max(300_000, n * 500), 50);
  const elapsedMs = since(start);
  const rate = perSecond(n, elapsedMs);
  return {
    available: true,
    path: `${IMPORT_ROUTE}, then ${SWEEP_ROUTE}, until every case parked`,
    parkedPerSecond: rate,
    seconds: seconds(elapsedMs),
    ratioToTrivialStarts: ratio(rate, baseline.startsPerSecond),
    ratioToTrivialParked: ratio(rate, baseline.parkedPerSecond),
    import: imported,
  };
}
