// `npm run bench:chart -- bench/results/<file>.json`: prints, as Markdown, the
// scale scenario of a bench result as Mermaid `xychart-beta` charts (GitHub
// renders them): open cases parked against time, and the resident memory of the
// case worker, the bench process, the API, the Temporal server and FerretDB
// against cases parked, with a table of the same figures. bench/README.md keeps
// the chart of the last full run.
import { readFile } from 'node:fs/promises';

export interface ScaleStep {
  opened: number;
  parked: number;
  seconds: number;
  /** The case worker's own process; absent in runs from before it had one. */
  caseWorkerMb?: number | null;
  /** The bench process (client, floor worker, sandbox); absent in runs from before the case worker had its own process. */
  benchMb?: number | null;
  /** Runs from before the case worker had its own process: the bench process, the case worker in it. */
  workerMb?: number | null;
  /** Absent in runs from before the API had its own process. */
  apiMb?: number | null;
  serverMb: number | null;
  mongodbMb: number | null;
}

interface ScaleResult {
  target: number;
  openCasesParked: number;
  seconds: number;
  parkedPerSecond: number;
  serverMbPer1000Cases: number | null;
  memory: ScaleStep[];
}

const MEMORY_SERIES = [
  { key: 'caseWorkerMb', name: 'case worker' },
  { key: 'benchMb', name: 'bench process (client, floor worker, sandbox)' },
  { key: 'workerMb', name: 'bench process (workers, sandbox)' },
  { key: 'apiMb', name: 'API' },
  { key: 'serverMb', name: 'Temporal server' },
  { key: 'mongodbMb', name: 'FerretDB' },
] as const;

const list = (values: (number | string)[]) => `[${values.join(', ')}]`;
const label = (value: number) => `"${value}"`;
const ceilingOf = (values: number[]) => {
  const top = Math.max(1, ...values);
  const step = 10 ** Math.floor(Math.log10(top));
  return Math.ceil(top / step) * step;
};

/** The Markdown for the scale scenario of a bench result (the object `npm run bench` prints). */
export function scaleChart(result: { startedAt?: string; scenarios: { scale?: ScaleResult } }): string {
  const scale = result.scenarios.scale;
  if (!scale?.memory.length) throw new Error('the result has no scale scenario with memory steps');
  const steps = scale.memory;
  const parked = steps.map((step) => step.parked);
  const series = MEMORY_SERIES.filter(({ key }) => steps.some((step) => step[key] !== null && step[key] !== undefined));
  const memoryValues = series.flatMap(({ key }) => steps.map((step) => step[key] ?? 0));
  const run = result.startedAt ? ` (run of ${result.startedAt})` : '';
  return [
    `Scale${run}: ${scale.openCasesParked} of ${scale.target} cases parked in ${scale.seconds} s, ` +
      `${scale.parkedPerSecond} a second; Temporal server ${scale.serverMbPer1000Cases ?? '?'} MB per 1,000 cases.`,
    '',
    '```mermaid',
    'xychart-beta',
    '  title "Open cases parked against time"',
    `  x-axis "seconds" ${list(steps.map((step) => label(step.seconds)))}`,
    `  y-axis "cases parked" 0 --> ${ceilingOf(parked)}`,
    `  line ${list(parked)}`,
    '```',
    '',
    '```mermaid',
    'xychart-beta',
    `  title "Resident memory (MB) against cases parked: ${series.map(({ name }) => name).join(', ')}"`,
    `  x-axis "cases parked" ${list(parked.map(label))}`,
    `  y-axis "MB" 0 --> ${ceilingOf(memoryValues)}`,
    ...series.map(({ key }) => `  line ${list(steps.map((step) => step[key] ?? 0))}`),
    '```',
    '',
    `| seconds | cases parked | ${series.map(({ name }) => `${name} MB`).join(' | ')} |`,
    `|---:|---:|${series.map(() => '---:').join('|')}|`,
    ...steps.map((step) => `| ${step.seconds} | ${step.parked} | ${series.map(({ key }) => step[key] ?? '').join(' | ')} |`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run bench:chart -- bench/results/<file>.json');
  process.stdout.write(scaleChart(JSON.parse(await readFile(file, 'utf8'))));
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`bench:chart: ${error.message}\n`);
    process.exit(1);
  });
}
