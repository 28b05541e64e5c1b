import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { developmentSecretsFile, ensureDevelopmentSecrets } from '../../src/security/dev-secrets';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'arrears-secrets-'));

test('the first start makes every secret once, readable by this user only; a second start keeps them', async () => {
  const dir = await tempDir();
  const made = await ensureDevelopmentSecrets(dir);
  expect(Object.keys(made).sort()).toEqual(['ARREARS_CODEC_ACTIVE_KEY', 'ARREARS_CODEC_KEYS', 'ARREARS_TIME_ORIGIN', 'DEBTOR_LINK_SECRET', 'JWT_SECRET']);
  expect(made.DEBTOR_LINK_SECRET.length).toBeGreaterThanOrEqual(32);
  expect((await stat(developmentSecretsFile(dir))).mode & 0o777).toBe(0o600);
  expect(await ensureDevelopmentSecrets(dir)).toEqual(made);
});

test('a data directory from before the debtor links gains DEBTOR_LINK_SECRET and keeps every secret it had', async () => {
  const dir = await tempDir();
  const older = { ARREARS_CODEC_KEYS: 'k1:AAAA', ARREARS_CODEC_ACTIVE_KEY: 'k1', JWT_SECRET: 'kept-jwt-secret-0123456789abcdef0123', ARREARS_TIME_ORIGIN: '2026-01-01T00:00:00.000Z' };
  await writeFile(developmentSecretsFile(dir), JSON.stringify(older));
  const secrets = await ensureDevelopmentSecrets(dir);
  expect(secrets).toEqual({ ...older, DEBTOR_LINK_SECRET: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  expect(JSON.parse(await readFile(developmentSecretsFile(dir), 'utf8'))).toEqual(secrets);
});
