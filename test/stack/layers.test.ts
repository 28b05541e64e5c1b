// The layers hold: no module imports one above its layer or in a circle
// (.dependency-cruiser.cjs says which way each layer may import). The check
// runs dependency-cruiser as `npx depcruise` would; a small tree with an
// upward import and a cycle shows that it can fail.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The rules each import breaks, as `rule: from → to`, for the tree under `cwd`. */
async function violations(cwd: string, targets: string[]): Promise<string[]> {
  const args = [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', ...targets];
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    // depcruise exits non-zero when it finds violations; its report is on stdout all the same.
    stdout = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).sort();
}

test('no import runs up a layer or in a circle', async () => {
  expect(await violations(ROOT, ['src', 'worker.ts'])).toEqual([]);
}, 120_000);

describe('the check can fail', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'arrears-layers-'));
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }),
      // The domain reaching for the API, and two activities importing each other.
      'src/domain/loan.ts': "import { route } from '../api/route';\nexport const loan = route;\n",
      'src/api/route.ts': 'export const route = 1;\n',
      'src/activities/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/activities/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('an upward import and a cycle are reported', async () => {
    expect(await violations(dir, ['src'])).toEqual([
      'domain-is-pure: src/domain/loan.ts → src/api/route.ts',
      'no-circular: src/activities/a.ts → src/activities/b.ts',
    ]);
  }, 120_000);
});
