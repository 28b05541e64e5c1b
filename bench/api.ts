// The REST API on a free port, in a process of its own (bench/api-process.ts) as
// `npm run api` runs it in production, for the scenarios that measure through
// it. It is still being built, so the scenarios ask which routes the app has and
// fall back to the client or the database when a route is missing; the output
// says which path each figure took.
import { signDevToken } from '../src/security/auth';
import { forkBenchChild } from './child';
import { API_BUNDLE_ENV, API_DATABASE_ENV, type ApiProcessMessage, type ApiProcessRequest } from './api-protocol';
import { CASE_TASK_QUEUE, type BenchStack } from './stack';

export interface BenchApi {
  /** Where it listens: http://127.0.0.1:<port>; it serves the console at /console. */
  base: string;
  /** Its process, whose memory the scale scenario reports. */
  pid: number;
  /** 'POST /v1/cases/:caseId/pause' and the like, as the app registered them. */
  routes: Set<string>;
  has(route: string): boolean;
  request(method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; body: unknown }>;
  /**
   * Reloads the API's in-process index of open cases (as npm start runs it in the
   * embedded mode, CASE_LIST_SOURCE=index) after rows were written behind the
   * cases' back; says where lists come from now.
   */
  reloadCaseList(): Promise<{ listsFrom: 'index' | 'store' }>;
  stop(): Promise<void>;
}

export async function startApi(stack: BenchStack): Promise<BenchApi> {
  const env: NodeJS.ProcessEnv = {
    ...stack.env,
    // Cases the API opens (and its sweeps) run on the bench's case worker.
    TEMPORAL_TASK_QUEUE: CASE_TASK_QUEUE,
    // The bench is one client address sending thousands of requests a minute.
    API_RATE_LIMIT: '1000000',
    CASE_LIST_SOURCE: stack.mode === 'embedded' ? 'index' : stack.config.CASE_LIST_SOURCE,
    [API_DATABASE_ENV]: stack.database.name,
    [API_BUNDLE_ENV]: stack.caseBundlePath,
  };
  const replies = new Map<number, (message: ApiProcessMessage) => void>();
  const api = await forkBenchChild<ApiProcessMessage>({
    entry: 'api-process.ts',
    what: 'the API process',
    env,
    onMessage: (message) => {
      if (message.type === 'reloaded') replies.get(message.id)?.(message);
    },
    onEnd: (reason) => {
      for (const reply of replies.values()) reply({ type: 'failed', error: reason });
    },
  });
  const started = api.ready;
  const base = `http://127.0.0.1:${started.port}`;
  const token = await signDevToken(stack.config, { sub: 'bench', roles: ['admin'], expiresIn: '12h' });

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

  let nextId = 0;
  const reloadCaseList: BenchApi['reloadCaseList'] = () =>
    new Promise((resolve, reject) => {
      const failure = api.failure();
      if (failure) return reject(new Error(`bench: the API process ${failure}`));
      const id = nextId++;
      replies.set(id, (message) => {
        replies.delete(id);
        if (message.type === 'reloaded') resolve({ listsFrom: message.listsFrom });
        else reject(new Error(`bench: the API process: ${message.type === 'failed' ? message.error : message.type}`));
      });
      api.child.send({ type: 'reload', id } satisfies ApiProcessRequest);
    });

  const routes = new Set(started.routes);
  return {
    base,
    pid: api.child.pid!,
    routes,
    has: (route) => routes.has(route),
    request,
    reloadCaseList,
    stop: () => api.stop('disconnect', 10_000),
  };
}

/** Throws with the API's own error when the status is not the expected one. */
export function expectStatus(response: { status: number; body: unknown }, expected: number, what: string): void {
  if (response.status !== expected) throw new Error(`bench: ${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
}
