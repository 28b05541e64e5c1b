// `npm run dev-token -- supervisor` as the README shows it, after `npm start`
// made the embedded mode's secrets: the CLI finds the JWT secret in the data
// directory, and a JWT_SECRET in the environment still wins.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAuth } from '../../src/security/auth';

const root = path.resolve(__dirname, '../..');
let dataDir: string;
const keptSecret = randomBytes(32).toString('base64url');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-dev-token-'));
  await writeFile(path.join(dataDir, 'dev-secrets.json'), JSON.stringify({ JWT_SECRET: keptSecret }), { mode: 0o600 });
});

afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs the CLI with only the given variables (no JWT_SECRET unless given). */
async function devToken(args: string[], env: Record<string, string>): Promise<{ token: string; stderr: string; code: number }> {
  const run = promisify(execFile);
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/dev-token.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    return { token: stdout.trim(), stderr, code: 0 };
  } catch (error) {
    const failed = error as { stderr: string; code: number };
    return { token: '', stderr: failed.stderr, code: failed.code };
  }
}

test('in the embedded mode the CLI signs with the JWT secret kept in the data directory', async () => {
  const { token, stderr, code } = await devToken(['supervisor'], { ARREARS_DATA_DIR: dataDir });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const principal = await createAuth({ JWT_SECRET: keptSecret }).verify(token);
  expect(principal.roles).toEqual(['supervisor']);
});

test('a JWT_SECRET in the environment wins over the kept one', async () => {
  const ownSecret = randomBytes(32).toString('base64url');
  const { token, code } = await devToken(['auditor'], { ARREARS_DATA_DIR: dataDir, JWT_SECRET: ownSecret });
  expect(code).toBe(0);
  expect((await createAuth({ JWT_SECRET: ownSecret }).verify(token)).roles).toEqual(['auditor']);
  await expect(createAuth({ JWT_SECRET: keptSecret }).verify(token)).rejects.toThrow();
});

test('in the external mode the kept secrets are not used', async () => {
  const { code, stderr } = await devToken(['supervisor'], {
    ARREARS_MODE: 'external',
    ARREARS_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: 'temporal.internal:7233',
    MONGODB_URI: 'mongodb://mongo.internal/arrears',
  });
  expect(code).toBe(1);
  expect(stderr).toMatch(/JWT_SECRET is not set/);
});

test('without kept secrets the CLI says how to make them', async () => {
  const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'arrears-dev-token-empty-'));
  try {
    const { code, stderr } = await devToken(['supervisor'], { ARREARS_DATA_DIR: emptyDir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/JWT_SECRET is not set/);
    expect(stderr).toContain(path.join(emptyDir, 'dev-secrets.json'));
  } finally {
    await rm(emptyDir, { recursive: true, force: true });
  }
});
