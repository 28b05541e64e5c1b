// An API under test: createApp over a real database and Temporal client, with
// a signed token per role.
import { Client, Connection } from '@temporalio/client';
import type mongoose from 'mongoose';
import request from 'supertest';
import type express from 'express';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/api/app';
import type { CaseListIndex } from '../../src/cases/case-list-index';
import { ROLES, signDevToken, type Role } from '../../src/security/auth';
import { createLogger } from '../../src/logger';
import { TEST_TASK_QUEUE, testDataConverter } from './temporal';
import { WORKFLOW_BUNDLE_PATH } from './paths';

export const TEST_JWT_SECRET = 'test-secret-for-the-api-suites-0123456789';
export const TEST_DEBTOR_LINK_SECRET = 'test-secret-for-debtor-links-0123456789';

export function testApiConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    DEBTOR_LINK_SECRET: TEST_DEBTOR_LINK_SECRET,
    TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
    API_RATE_LIMIT: '1000000',
    ...overrides,
  });
}

export type Tokens = Record<Role, string>;

type Requests = { get(path: string): request.Test; post(path: string): request.Test; put(path: string): request.Test };

export interface TestApi {
  app: express.Express;
  /** One token per role; the agency role's names no agency. */
  tokens: Tokens;
  /** A supertest agent whose requests carry the role's token. */
  as(role: Role): Requests;
  /** A supertest agent whose requests carry this token (see tokenFor). */
  withToken(token: string): Requests;
  /** Requests as the named agency: a token with the agency role and the agency's name. */
  asAgency(agency: string): Promise<Requests>;
}

export async function testApi(
  temporal: Client,
  database: mongoose.Connection,
  overrides: Record<string, string> = {},
  options: { wallNow?: () => number; caseList?: CaseListIndex } = {},
): Promise<TestApi> {
  const config = testApiConfig(overrides);
  const app = createApp({
    temporal,
    database,
    config,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    replay: { dataConverter: testDataConverter, workflowBundlePath: WORKFLOW_BUNDLE_PATH, idleMs: 200 },
    ...options,
  });
  const entries = await Promise.all(ROLES.map(async (role) => [role, await signDevToken(config, { sub: `${role}-1`, roles: [role] })] as const));
  const tokens = Object.fromEntries(entries) as Tokens;
  const withToken = (token: string): Requests => {
    const auth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
    return {
      get: (path: string) => auth(request(app).get(path)),
      post: (path: string) => auth(request(app).post(path)),
      put: (path: string) => auth(request(app).put(path)),
    };
  };
  const asAgency = async (agency: string) => withToken(await signDevToken(config, { sub: `agency-${agency}`, roles: ['agency'], agency }));
  return { app, tokens, as: (role) => withToken(tokens[role]), withToken, asAgency };
}

/** Every role but these: the ones a route must refuse with 403. */
export const rolesOtherThan = (...allowed: Role[]): Role[] => ROLES.filter((role) => role !== 'admin' && !allowed.includes(role));

/** A token of the test API's issuer for any subject and roles (e.g. one that names nobody). */
export const tokenFor = (sub: string, roles: Role[]) => signDevToken(testApiConfig(), { sub, roles });

/** A fixed-offset zone where it is about noon now, so no quiet hours hold a first contact back. */
export function noonZone(): string {
  const offset = ((12 - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A client that never connects: for suites whose routes do not reach Temporal. */
export const unconnectedClient = () => new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });

/** Waits until the case has published, in follow-up, a view with the DPD it woke at: it sleeps from there. */
export async function sleepingAt(api: TestApi, caseId: string, daysPastDue: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const detail = await api.as('supervisor').get(`/v1/cases/${caseId}`);
    if (detail.body.readModel?.stage === 'follow-up' && detail.body.readModel.daysPastDue === daysPastDue) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${caseId} never went to sleep at DPD ${daysPastDue}`);
}
