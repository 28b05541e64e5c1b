// The console's session over HTTP: development sign-in sets an httpOnly,
// SameSite=Strict cookie the API accepts like a bearer token; a change signed by
// the cookie needs the console header (CSRF); sign-out clears it; outside the
// embedded mode, or in production, there is no development sign-in.
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { testApiConfig, unconnectedClient } from '../support/api';
import { testDataConverter } from '../support/temporal';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const CONSOLE = { 'x-arrears-console': '1' };

async function signedIn(identity: string): Promise<string> {
  const response = await request(suite.api.app).post('/v1/session/development').set(CONSOLE).send({ identity });
  expect(response.status).toBe(200);
  const cookie = [response.headers['set-cookie']].flat()[0] as string;
  return cookie.split(';')[0];
}

test('signed out, the session says so and offers the development identities', async () => {
  const response = await request(suite.api.app).get('/v1/session');
  expect(response.status).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.body).toEqual({
    signedIn: false,
    principal: null,
    developmentIdentities: expect.arrayContaining([{ name: 'supervisor', subject: 'dev-supervisor', roles: ['supervisor'] }]),
    oidc: null,
  });
});

test('development sign-in sets an httpOnly, SameSite=Strict cookie that the API accepts; sign-out clears it', async () => {
  const response = await request(suite.api.app).post('/v1/session/development').set(CONSOLE).send({ identity: 'supervisor' });
  expect(response.body).toMatchObject({ signedIn: true, principal: { subject: 'dev-supervisor', roles: ['supervisor'] } });
  const setCookie = [response.headers['set-cookie']].flat()[0] as string;
  expect(setCookie).toMatch(/^arrears_session=[\w-]+\.[\w-]+\.[\w-]+;/);
  expect(setCookie).toMatch(/; HttpOnly/);
  expect(setCookie).toMatch(/; SameSite=Strict/);
  expect(setCookie).toMatch(/; Path=\//);
  expect(setCookie).toMatch(/; Max-Age=28800/);
  const cookie = setCookie.split(';')[0];

  expect((await request(suite.api.app).get('/v1/session').set('Cookie', cookie)).body.principal).toEqual({ subject: 'dev-supervisor', roles: ['supervisor'] });
  expect((await request(suite.api.app).get('/v1/cases').set('Cookie', cookie)).status).toBe(200);

  const signOut = await request(suite.api.app).delete('/v1/session').set(CONSOLE).set('Cookie', cookie);
  expect(signOut.status).toBe(204);
  expect([signOut.headers['set-cookie']].flat()[0]).toMatch(/^arrears_session=;.*Expires=Thu, 01 Jan 1970/);
});

test('a change signed by the cookie needs the console header; a bearer token does not', async () => {
  const cookie = await signedIn('supervisor');
  const withoutHeader = await request(suite.api.app).post('/v1/cases').set('Cookie', cookie).send({ loanId: 'nobody' });
  expect(withoutHeader.status).toBe(403);
  expect(withoutHeader.body.error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('x-arrears-console') });

  const withHeader = await request(suite.api.app).post('/v1/cases').set('Cookie', cookie).set(CONSOLE).send({ loanId: 'nobody' });
  expect(withHeader.body.error.code).toBe('LOAN_NOT_FOUND');
  expect((await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'nobody' })).body.error.code).toBe('LOAN_NOT_FOUND');
});

test('the cookie carries its roles: an agent may not take supervisor routes; a forged cookie is no session', async () => {
  const agent = await signedIn('agent');
  expect((await request(suite.api.app).get('/v1/portfolio/counts').set('Cookie', agent)).status).toBe(403);
  const forged = 'arrears_session=eyJhbGciOiJIUzI1NiJ9.eyJyb2xlcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJl';
  expect((await request(suite.api.app).get('/v1/cases').set('Cookie', forged)).status).toBe(401);
  expect((await request(suite.api.app).get('/v1/session').set('Cookie', forged)).body).toMatchObject({ signedIn: false, principal: null });
});

test('signing in or out without the console header is refused, as is an identity not on offer', async () => {
  expect((await request(suite.api.app).post('/v1/session/development').send({ identity: 'supervisor' })).status).toBe(403);
  expect((await request(suite.api.app).delete('/v1/session')).status).toBe(403);
  const unknown = await request(suite.api.app).post('/v1/session/development').set(CONSOLE).send({ identity: 'agency' });
  expect(unknown.status).toBe(422);
});

test('outside the embedded mode, and in production, there is no development sign-in', async () => {
  const offModes: Record<string, string>[] = [{ ARREARS_MODE: 'external', TEMPORAL_ADDRESS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:1/x' }, { NODE_ENV: 'production' }];
  for (const overrides of offModes) {
    const config = testApiConfig(overrides);
    const logger = createLogger({ LOG_LEVEL: 'silent' });
    const app = createApp({ temporal: unconnectedClient(), database: suite.db.connection, config, logger, replay: { dataConverter: testDataConverter } });
    expect((await request(app).get('/v1/session')).body).toEqual({ signedIn: false, principal: null, developmentIdentities: null, oidc: null });
    const refused = await request(app).post('/v1/session/development').set(CONSOLE).send({ identity: 'admin' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/embedded mode/);
  }
});

test('the console is served at /console with its own CSP; any path under it is the app', async () => {
  for (const path of ['/console', '/console/', '/console/cases/case-L-1?bucket=M2']) {
    const page = await request(suite.api.app).get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<div id="root"></div>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  }
  const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec((await request(suite.api.app).get('/console/')).text)?.[1];
  const asset = await request(suite.api.app).get(script!);
  expect(asset.status).toBe(200);
  expect(asset.headers['cache-control']).toMatch(/immutable/);
  expect((await request(suite.api.app).get('/console/assets/missing.js')).status).toBe(404);
});
