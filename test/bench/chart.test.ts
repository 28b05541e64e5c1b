// The scale chart for bench/README.md, from a bench result: Mermaid xychart-beta
// blocks of cases parked against time and memory against cases, and the table.
import { scaleChart } from '../../bench/chart';

const step = (seconds: number, parked: number, workerMb: number, serverMb: number, mongodbMb: number | null) => ({
  opened: parked,
  parked,
  seconds,
  workerMb,
  serverMb,
  mongodbMb,
});

test('the scale steps as a chart of cases against time, one of memory against cases, and a table', () => {
  const markdown = scaleChart({
    startedAt: '2026-11-30T01:00:00.000Z',
    scenarios: {
      scale: {
        target: 2000,
        openCasesParked: 2000,
        seconds: 61.5,
        parkedPerSecond: 32.5,
        serverMbPer1000Cases: 12.5,
        memory: [step(0, 0, 700, 200, null), step(10.2, 500, 900, 210, null), step(61.5, 2000, 1100, 225, null)],
      },
    },
  });
  const charts = markdown.split('```mermaid').slice(1).map((block) => block.split('```')[0]);
  expect(charts).toHaveLength(2);
  expect(charts[0]).toContain('x-axis "seconds" ["0", "10.2", "61.5"]');
  expect(charts[0]).toContain('line [0, 500, 2000]');
  expect(charts[1]).toContain('x-axis "cases parked" ["0", "500", "2000"]');
  // FerretDB was not ours to measure (an external store): no line for it.
  expect(charts[1].match(/line \[/g)).toHaveLength(2);
  expect(charts[1]).toContain('line [700, 900, 1100]');
  expect(charts[1]).toContain('y-axis "MB" 0 --> 2000');
  expect(markdown).toContain('| 61.5 | 2000 | 1100 | 225 |');
  expect(markdown).toContain('2000 of 2000 cases parked in 61.5 s, 32.5 a second; Temporal server 12.5 MB per 1,000 cases');
});

test('a run whose case worker had its own process charts the worker apart from the bench process', () => {
  const steps = [
    { opened: 0, parked: 0, seconds: 0, caseWorkerMb: 300, benchMb: 400, apiMb: 170, serverMb: 200, mongodbMb: 40 },
    { opened: 900, parked: 900, seconds: 60, caseWorkerMb: 650, benchMb: 420, apiMb: 190, serverMb: 210, mongodbMb: 45 },
  ];
  const markdown = scaleChart({
    scenarios: { scale: { target: 900, openCasesParked: 900, seconds: 60, parkedPerSecond: 15, serverMbPer1000Cases: 11.1, memory: steps } },
  });
  expect(markdown).toContain('Resident memory (MB) against cases parked: case worker, bench process (client, floor worker, sandbox), API, Temporal server, FerretDB');
  expect(markdown).toContain('line [300, 650]');
  expect(markdown).toContain('| 60 | 900 | 650 | 420 | 190 | 210 | 45 |');
});

test('a result without a scale scenario is refused', () => {
  expect(() => scaleChart({ scenarios: {} })).toThrow(/no scale scenario/);
});
