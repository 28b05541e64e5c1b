import { rm } from 'node:fs/promises';
import type { FerretDbProcess } from '../../src/db/ferretdb';

export default async function globalTeardown(): Promise<void> {
  const { ferretDb, ferretDbDataDir } = globalThis as { ferretDb?: FerretDbProcess; ferretDbDataDir?: string };
  await ferretDb?.stop();
  if (ferretDbDataDir) await rm(ferretDbDataDir, { recursive: true, force: true });
}
