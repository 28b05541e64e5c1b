import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';

export interface HealthDependencies {
  temporal: Client;
  database: mongoose.Connection;
}

/** /healthz: the process is alive. /readyz: Temporal and MongoDB answer. */
export function healthRoutes({ temporal, database }: HealthDependencies): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [temporalCheck, mongoCheck] = await Promise.all([
      probe(() => temporal.workflowService.getSystemInfo({})),
      probe(() => database.db!.admin().ping()),
    ]);
    const ready = temporalCheck.ok && mongoCheck.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', temporal: temporalCheck, mongodb: mongoCheck });
  });
  return router;
}

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await withTimeout(check(), 3000);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
