// `npm run bench -- [--quick] [--intake N] [--lifecycle N] [--commands N]
// [--list N1,N2] [--console N] [--console-runs N] [--replay N] [--scale N]
// [--day-length 200ms] [--only a,b] [--cluster]`:
// prints one JSON object on stdout and keeps it in bench/results/<timestamp>.json.
// Progress and warnings go to stderr. See bench/README.md for how to read it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runBench } from './bench';
import { parseFlags } from './flags';
import { installQuietRuntime } from './runtime';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  installQuietRuntime();
  const result = await runBench(flags, { stopOnSignals: true });
  const json = JSON.stringify(result, null, 2);
  const dir = path.resolve(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${result.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  await writeFile(file, `${json}\n`);
  process.stdout.write(`${json}\n`);
  process.stderr.write(`bench: written to ${path.relative(process.cwd(), file)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  },
);
