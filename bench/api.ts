// The REST API in this process, on a free port, for the scenarios that measure
// through it. It is still being built, so the scenarios ask which routes the
// app has and fall back to the client or the database when a route is missing;
// the output says which path each figure took.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../src/api/app';
import { CaseListIndex } from '../src/cases/case-list-index';
import { signDevToken } from '../src/security/auth';
import { createLogger } from '../src/logger';
import { dataConverter } from '../src/security/data-converter';
import { CASE_TASK_QUEUE, type BenchStack } from './stack';

export interface BenchApi {
  /** Where it listens: http://127.0.0.1:<port>; it serves the console at /console. */
  base: string;
  /** 'POST /v1/cases/:caseId/pause' and the like, as the app registered them. */
  routes: Set<string>;
  has(route: string): boolean;
  request(method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; body: unknown }>;
  /** The in-process index of open cases the API lists from, as npm start runs it in the embedded mode (CASE_LIST_SOURCE=index). */
  caseList?: CaseListIndex;
  stop(): Promise<void>;
}

export async function startApi(stack: BenchStack): Promise<BenchApi> {
  const config = {
    ...stack.config,
    // Cases the API opens (and its sweeps) run on the bench's case worker.
    TEMPORAL_TASK_QUEUE: CASE_TASK_QUEUE,
    // The bench is one client address sending thousands of requests a minute.
    API_RATE_LIMIT: 1_000_000,
  };
  // Request logs go to stderr at warn: stdout carries only the bench's JSON.
  const logger = createLogger({ LOG_LEVEL: 'warn' }, { component: 'bench-api' }, process.stderr);
  const caseList =
    stack.mode === 'embedded' || config.CASE_LIST_SOURCE === 'index' ? new CaseListIndex({ temporal: stack.client, database: stack.database, logger }) : undefined;
  await caseList?.start();
  const app = createApp({
    temporal: stack.client,
    database: stack.database,
    config,
    logger,
    caseList,
    replay: { dataConverter: dataConverter(config.codecKeyring), workflowBundlePath: stack.caseBundlePath },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = await signDevToken(config, { sub: 'bench', roles: ['admin'], expiresIn: '4h' });

  const request: BenchApi['request'] = async (method, path, body, contentType = 'application/json') => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error message
    }
    return { status: response.status, body: parsed };
  };

  const routes = new Set(routesOf((app as unknown as { router: RouterLike }).router));
  return {
    base,
    routes,
    has: (route) => routes.has(route),
    request,
    caseList,
    stop: () =>
      new Promise<void>((resolve) => {
        void caseList?.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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

/** Throws with the API's own error when the status is not the expected one. */
export function expectStatus(response: { status: number; body: unknown }, expected: number, what: string): void {
  if (response.status !== expected) throw new Error(`bench: ${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
}
