// The REST API the bench measures, in a process of its own as it runs in
// production (`npm run api`), so the worker's memory and event loop are not the
// API's. The parent (bench/api.ts) forks it with the stack's environment and
// talks to it over the IPC channel: `ready` with its port and routes once it
// listens, `reload` to reload its index of open cases after the bench wrote rows
// behind the cases' back. It stops when the parent disconnects or on SIGTERM.
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/api/app';
import { CaseListIndex } from '../src/cases/case-list-index';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connection';
import { createLogger } from '../src/logger';
import { dataConverter } from '../src/security/data-converter';
import { connectClient } from '../src/temporal/client';
import { API_BUNDLE_ENV, API_DATABASE_ENV, type ApiProcessMessage, type ApiProcessRequest } from './api-protocol';

async function main(): Promise<void> {
  const send = (message: ApiProcessMessage) => process.send?.(message);
  const config = loadConfig();
  const [temporal, database] = await Promise.all([connectClient(config), connectDatabase(config.MONGODB_URI, process.env[API_DATABASE_ENV])]);
  // Request logs go to stderr at warn: the parent's stdout carries only the bench's JSON.
  const logger = createLogger({ LOG_LEVEL: 'warn' }, { component: 'bench-api' }, process.stderr);
  const caseList = config.CASE_LIST_SOURCE === 'index' ? new CaseListIndex({ temporal, database, logger }) : undefined;
  await caseList?.start();
  const bundle = process.env[API_BUNDLE_ENV];
  const app = createApp({
    temporal,
    database,
    config,
    logger,
    caseList,
    replay: bundle ? { dataConverter: dataConverter(config.codecKeyring), workflowBundlePath: bundle } : undefined,
  });
  const server = app.listen(0, '127.0.0.1', () => {
    send({
      type: 'ready',
      port: (server.address() as AddressInfo).port,
      routes: routesOf((app as unknown as { router: RouterLike }).router),
      listsFrom: caseList?.ready ? 'index' : 'store',
    });
  });
  const listsFrom = () => (caseList?.ready ? 'index' : 'store');
  process.on('message', (request: ApiProcessRequest) => {
    if (request.type !== 'reload') return;
    void (caseList?.reload() ?? Promise.resolve()).then(
      () => send({ type: 'reloaded', id: request.id, listsFrom: listsFrom(), openCases: caseList?.size ?? null }),
      (error: Error) => send({ type: 'failed', error: `reload: ${error.message}` }),
    );
  });
  const stop = () => {
    server.close(async () => {
      await caseList?.stop();
      await Promise.allSettled([temporal.connection.close(), database.close()]);
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once('disconnect', stop);
  process.once('SIGTERM', stop);
}

interface RouterLike {
  stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: Partial<RouterLike> }[];
}

/** 'METHOD /path' of every route in the app's router and the routers mounted at its root. */
function routesOf(router: RouterLike): string[] {
  return router.stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`);
    return layer.handle?.stack ? routesOf(layer.handle as RouterLike) : [];
  });
}

main().catch((error) => {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.message : String(error) } satisfies ApiProcessMessage);
  console.error(`bench-api: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
