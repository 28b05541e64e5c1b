// The console's production sign-in over HTTP: OIDC authorization code with PKCE
// against a stand-in provider's real HTTP endpoints (test/support/oidc-provider.ts).
// The API sends the browser to the provider with an S256 challenge and keeps the
// state, nonce and verifier in a short-lived httpOnly cookie; on the way back it
// refuses a state it did not make, sends the verifier with the code, refuses
// tokens the provider's JWKS does not verify, and sets the session cookie with
// the roles of the configured claim.
import request from 'supertest';
import type express from 'express';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { testApiConfig, unconnectedClient } from '../support/api';
import { startMockOidcProvider, MOCK_CLIENT_ID, type MockOidcProvider } from '../support/oidc-provider';
import { testDataConverter } from '../support/temporal';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const REDIRECT_URI = 'https://arrears.example/v1/session/oidc/callback';
let provider: MockOidcProvider;

beforeAll(async () => {
  provider = await startMockOidcProvider();
});
afterAll(() => provider?.close());
beforeEach(() => {
  provider.user = { sub: 'alice', claims: { roles: ['supervisor', 'auditor', 'ops-team'] } };
  provider.forge = {};
});

function oidcApp(overrides: Record<string, string> = {}): express.Express {
  const config = testApiConfig(provider.env({ OIDC_REDIRECT_URI: REDIRECT_URI, ...overrides }));
  return createApp({ temporal: unconnectedClient(), database: suite.db.connection, config, logger: createLogger({ LOG_LEVEL: 'silent' }), replay: { dataConverter: testDataConverter } });
}

const setCookies = (response: request.Response): string[] => [response.headers['set-cookie'] ?? []].flat();
const cookieNamed = (response: request.Response, name: string) => setCookies(response).find((cookie) => cookie.startsWith(`${name}=`));

/** Starts a sign-in: the API's redirect to the provider and the pending sign-in's cookie. */
async function start(app: express.Express, returnTo = '/cases?bucket=M2') {
  const response = await request(app).get('/v1/session/oidc').query({ returnTo });
  expect(response.status).toBe(303);
  const pending = cookieNamed(response, 'arrears_oidc');
  expect(pending).toBeDefined();
  return { authorize: new URL(response.headers.location), pending: pending!, pendingPair: pending!.split(';')[0] };
}

/** The provider's authorize page, as a browser follows it: it answers with the redirect back to arrears. */
async function authorize(url: URL): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(REDIRECT_URI);
  return back.searchParams;
}

const callback = (app: express.Express, query: Record<string, string>, cookie?: string) => {
  const call = request(app).get('/v1/session/oidc/callback').query(query);
  return cookie ? call.set('Cookie', cookie) : call;
};

test('signed out, the session names the provider to sign in with and offers no development identity', async () => {
  const { body } = await request(oidcApp()).get('/v1/session');
  expect(body).toEqual({ signedIn: false, principal: null, developmentIdentities: null, oidc: { name: 'Mock IdP', issuer: provider.issuer } });
});

test('a sign-in goes to the provider with an S256 challenge, comes back with a code the API exchanges with its verifier, and ends in the session cookie with the mapped roles', async () => {
  const app = oidcApp();
  const { authorize: url, pending, pendingPair } = await start(app);
  expect(url.origin + url.pathname).toBe(`${provider.issuer}/authorize`);
  expect(Object.fromEntries(url.searchParams)).toEqual({
    response_type: 'code',
    client_id: MOCK_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    state: expect.stringMatching(/^[\w-]{43}$/),
    nonce: expect.stringMatching(/^[\w-]{43}$/),
    code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    code_challenge_method: 'S256',
  });
  // The pending sign-in: httpOnly, sent back only to the callback, for ten minutes, Lax so the provider's redirect brings it.
  expect(pending).toMatch(/; Max-Age=600;/);
  expect(pending).toMatch(/; Path=\/v1\/session\/oidc\/callback/);
  expect(pending).toMatch(/; HttpOnly/);
  expect(pending).toMatch(/; SameSite=Lax/);

  const answer = await authorize(url);
  const done = await callback(app, Object.fromEntries(answer), pendingPair);
  expect(done.status).toBe(303);
  expect(done.headers.location).toBe('/console/cases?bucket=M2');

  // The verifier went to the token endpoint with the code, and its S256 is the challenge the browser carried.
  const exchange = provider.tokenRequests.at(-1)!;
  expect(exchange.get('code')).toBe(answer.get('code'));
  expect(exchange.get('redirect_uri')).toBe(REDIRECT_URI);
  const { s256 } = await import('../../src/security/oidc');
  expect(s256(exchange.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
  expect(url.searchParams.toString()).not.toContain(exchange.get('code_verifier'));

  const session = cookieNamed(done, 'arrears_session')!;
  expect(session).toMatch(/; HttpOnly/);
  expect(session).toMatch(/; SameSite=Strict/);
  expect(session).toMatch(/; Path=\//);
  expect(session).toMatch(/; Max-Age=(29\d|300);/);
  expect(cookieNamed(done, 'arrears_oidc')).toMatch(/^arrears_oidc=;.*Expires=Thu, 01 Jan 1970/);
  expect(done.headers.location).not.toContain(session.split(';')[0].split('=')[1]);

  const cookie = session.split(';')[0];
  const who = await request(app).get('/v1/session').set('Cookie', cookie);
  expect(who.body).toMatchObject({ signedIn: true, principal: { subject: 'alice', roles: ['supervisor', 'auditor'] } });
  expect((await request(app).get('/v1/portfolio/counts').set('Cookie', cookie)).status).toBe(200);

  // The code is good once: the same answer again signs nobody in.
  const again = await callback(app, Object.fromEntries(answer), pendingPair);
  expect(again.headers.location).toBe('/console/?signInError=exchange');
  expect(cookieNamed(again, 'arrears_session')).toBeUndefined();
});

test('roles come from the configured claim, a dotted path into the token', async () => {
  provider.user = { sub: 'bo', claims: { roles: ['admin'], realm_access: { roles: ['agent', 'offline_access'] } } };
  const app = oidcApp({ JWT_ROLES_CLAIM: 'realm_access.roles' });
  const { authorize: url, pendingPair } = await start(app, '/queue');
  const done = await callback(app, Object.fromEntries(await authorize(url)), pendingPair);
  expect(done.headers.location).toBe('/console/queue');
  const cookie = cookieNamed(done, 'arrears_session')!.split(';')[0];
  expect((await request(app).get('/v1/session').set('Cookie', cookie)).body.principal).toEqual({ subject: 'bo', roles: ['agent'] });
  expect((await request(app).get('/v1/portfolio/counts').set('Cookie', cookie)).status).toBe(403);
});

test('a state the API did not make is refused before any exchange, as is a callback without the pending sign-in', async () => {
  const app = oidcApp();
  const { authorize: url, pendingPair } = await start(app);
  const answer = Object.fromEntries(await authorize(url));
  const exchanges = provider.tokenRequests.length;

  const forged = await callback(app, { ...answer, state: 'an-attackers-state' }, pendingPair);
  expect(forged.status).toBe(303);
  expect(forged.headers.location).toBe('/console/?signInError=state');
  expect(cookieNamed(forged, 'arrears_session')).toBeUndefined();

  const noState = await callback(app, { code: answer.code }, pendingPair);
  expect(noState.headers.location).toBe('/console/?signInError=state');

  const otherBrowser = await callback(app, answer);
  expect(otherBrowser.headers.location).toBe('/console/?signInError=expired');
  expect(cookieNamed(otherBrowser, 'arrears_session')).toBeUndefined();
  expect(provider.tokenRequests.length).toBe(exchanges);

  // A state sent twice is no answer to one sign-in: the sign-in page says so (it was a 500).
  const twice = await request(app).get(`/v1/session/oidc/callback?code=${encodeURIComponent(answer.code)}&state=${encodeURIComponent(answer.state)}&state=other`).set('Cookie', pendingPair);
  expect(twice.status).toBe(303);
  expect(twice.headers.location).toBe('/console/?signInError=state');
  expect(provider.tokenRequests.length).toBe(exchanges);

  // The provider's refusal, with the right state, says so.
  const denied = await callback(app, { error: 'access_denied', state: answer.state }, pendingPair);
  expect(denied.headers.location).toBe('/console/?signInError=denied');
});

test('a verifier other than the one the challenge was made from is refused by the token endpoint', async () => {
  const app = oidcApp();
  const { authorize: url, pendingPair } = await start(app);
  const answer = Object.fromEntries(await authorize(url));
  const [name, value] = pendingPair.split('=');
  const pending = JSON.parse(Buffer.from(value, 'base64url').toString());
  const altered = `${name}=${Buffer.from(JSON.stringify({ ...pending, codeVerifier: 'x'.repeat(43) })).toString('base64url')}`;
  const refused = await callback(app, answer, altered);
  expect(refused.headers.location).toBe('/console/?signInError=exchange');
  expect(cookieNamed(refused, 'arrears_session')).toBeUndefined();
});

test("tokens signed with a key the provider's JWKS does not hold are refused (the ID token, the access token, a bearer token), as is an ID token with another nonce", async () => {
  const app = oidcApp();
  // An ID token of another sign-in (its nonce) is refused as well.
  for (const forge of [{ idToken: true }, { accessToken: true }, { nonce: 'another-sign-ins-nonce' }]) {
    provider.forge = forge;
    const { authorize: url, pendingPair } = await start(app);
    const refused = await callback(app, Object.fromEntries(await authorize(url)), pendingPair);
    expect(refused.headers.location).toBe('/console/?signInError=token');
    expect(cookieNamed(refused, 'arrears_session')).toBeUndefined();
  }
  provider.forge = { accessToken: true };
  const forged = await provider.accessToken({ sub: 'mallory', claims: { roles: ['admin'] } });
  expect((await request(app).get('/v1/cases').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
  provider.forge = {};
  const genuine = await provider.accessToken({ sub: 'mallory', claims: { roles: ['admin'] } });
  expect((await request(app).get('/v1/cases').set('Authorization', `Bearer ${genuine}`)).status).toBe(200);
});

test('an account with no arrears role is not signed in', async () => {
  provider.user = { sub: 'carol', claims: { roles: ['ops-team'] } };
  const app = oidcApp();
  const { authorize: url, pendingPair } = await start(app);
  const refused = await callback(app, Object.fromEntries(await authorize(url)), pendingPair);
  expect(refused.headers.location).toBe('/console/?signInError=roles');
  expect(cookieNamed(refused, 'arrears_session')).toBeUndefined();
});

test('a return path off the console is refused, naming the field; without OIDC configured the routes say so', async () => {
  const app = oidcApp();
  for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const response = await request(app).get('/v1/session/oidc').query({ returnTo });
    expect(response.status).toBe(422);
    expect(response.body.error.details[0].path).toBe('query.returnTo');
  }
  const plain = await request(suite.api.app).get('/v1/session/oidc');
  expect(plain.status).toBe(404);
  expect(plain.body.error.message).toMatch(/OIDC_ISSUER_URL/);
  expect((await request(suite.api.app).get('/v1/session')).body.oidc).toBeNull();
});

test('an unreachable provider sends the browser back to the sign-in page with the reason', async () => {
  const app = oidcApp({ OIDC_ISSUER_URL: 'http://127.0.0.1:9/nowhere' });
  const response = await request(app).get('/v1/session/oidc');
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe('/console/?signInError=unavailable');
});

test('OIDC_ISSUER_URL needs a client id and the JWKS to verify with', () => {
  expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://idp.example/realms/x', JWT_SECRET: 'x'.repeat(32) })).toThrow(/OIDC_CLIENT_ID: required[\s\S]*JWT_JWKS_URL: required/);
});
