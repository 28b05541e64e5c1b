// Runs once per `jest` run: bundles the workflows once for every suite, and
// starts a throwaway FerretDB unless MONGODB_URI points at a real MongoDB.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCaseWorkflowBundle } from '../../src/temporal/worker';
import { startFerretDb } from '../../src/db/ferretdb';
import { WORKFLOW_BUNDLE_PATH } from './paths';

export default async function globalSetup(): Promise<void> {
  await writeCaseWorkflowBundle(WORKFLOW_BUNDLE_PATH);

  // The one place tests decide which database to use: an explicit MONGODB_URI
  // (a real MongoDB) wins; otherwise the suites share one FerretDB whose data
  // lives in a temporary directory, on tmpfs where the machine has one.
  if (!process.env.MONGODB_URI) {
    const dataDir = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'arrears-test-'));
    const ferretDb = await startFerretDb({ dataDir });
    process.env.MONGODB_URI = ferretDb.uri;
    Object.assign(globalThis, { ferretDb, ferretDbDataDir: dataDir });
  }
}
