// The benchmark works: a tiny quick run of intake, lifecycle and replay on its
// own embedded Temporal (and the suite's FerretDB) gives every figure with its
// baseline. It checks the shape of the result, not how fast anything is.
import { runBench } from '../../bench/bench';
import { parseFlags } from '../../bench/flags';
import { WORKFLOW_BUNDLE_PATH } from '../support/paths';

const argv = ['--quick', '--only', 'intake,lifecycle,replay', '--intake', '20', '--lifecycle', '10', '--replay', '10', '--day-length', '50ms'];

const positive = expect.any(Number);

test('a quick run gives intake, lifecycle and replay figures, each with its same-run baseline', async () => {
  const result = await runBench(parseFlags(argv), {
    caseBundlePath: WORKFLOW_BUNDLE_PATH,
    mongoUri: process.env.MONGODB_URI,
    progress: () => undefined,
  });

  expect(result.stack.mode).toBe('embedded');
  expect(Object.keys(result.scenarios).sort()).toEqual(['intake', 'lifecycle', 'replay']);
  const { intake, lifecycle, replay } = result.scenarios as Record<string, any>;

  expect(intake).toMatchObject({
    cases: 20,
    client: { casesPerSecond: positive, ratioToTrivialStarts: positive, parkedPerSecond: positive },
    baseline: { startsPerSecond: positive, parkedPerSecond: positive },
  });
  expect(lifecycle).toMatchObject({
    cases: 10,
    completedPerSecond: positive,
    ratioToSkeleton: positive,
    perCase: { events: positive, activities: positive, timers: positive },
    baseline: { completedPerSecond: positive, perWorkflow: { events: positive } },
  });
  // The skeleton has the cases' shape: as many activities and timers.
  expect(lifecycle.baseline.perWorkflow.activities).toBe(lifecycle.perCase.activities);
  expect(replay).toMatchObject({
    histories: 10,
    audit: { verifiedPerSecond: positive, ratioToBatchReplay: positive },
    baseline: { verifiedPerSecond: positive },
  });
  // The case worker runs in its own process, as npm start runs it: its CPU is read apart from the bench's
  // (one process read twice at the same moment would give the same figure twice).
  const { caseWorker, bench } = intake.client.cpu.cpuMsPerUnit;
  expect(caseWorker).toBeGreaterThan(0);
  expect(bench).toBeGreaterThan(0);
  expect(caseWorker).not.toBe(bench);
  for (const figure of [intake.client.casesPerSecond, lifecycle.completedPerSecond, replay.baseline.verifiedPerSecond]) {
    expect(figure).toBeGreaterThan(0);
  }
}, 90_000);
