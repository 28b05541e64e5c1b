import express from 'express';
import { SignJWT } from 'jose';
import request from 'supertest';
import { ConfigError } from '../../src/config';
import { createAuth, principalOf, signDevToken, type AuthConfig } from '../../src/security/auth';

const config = { NODE_ENV: 'test', JWT_SECRET: 'a-development-secret-of-32-chars!', JWT_ISSUER: 'arrears' } as const;

function appFor(authConfig: AuthConfig = config) {
  const app = express();
  app.get('/cases', createAuth(authConfig).requireRoles('supervisor'), (_req, res) => {
    res.json(principalOf(res));
  });
  return app;
}

test('neither JWT_SECRET nor JWT_JWKS_URL stops start-up naming both', () => {
  expect(() => createAuth({})).toThrow(ConfigError);
  expect(() => createAuth({})).toThrow(/JWT_SECRET.*JWT_JWKS_URL/);
});

test('a request without a bearer token is 401 UNAUTHENTICATED', async () => {
  const response = await request(appFor()).get('/cases');
  expect(response.status).toBe(401);
  expect(response.body.error.code).toBe('UNAUTHENTICATED');
  expect(response.headers['www-authenticate']).toBe('Bearer');
});

test('a token signed with another secret, or expired, is 401', async () => {
  const forged = await new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('arrears')
    .sign(new TextEncoder().encode('some-other-secret-of-32-characters'));
  const expired = await signDevToken(config, { sub: 'ana', roles: ['supervisor'], expiresIn: '-1m' });
  for (const token of [forged, expired, 'not-a-jwt']) {
    const response = await request(appFor()).get('/cases').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  }
});

test('a token from another issuer is 401', async () => {
  const token = await signDevToken({ ...config, JWT_ISSUER: 'elsewhere' }, { sub: 'ana', roles: ['supervisor'] });
  expect((await request(appFor()).get('/cases').set('Authorization', `Bearer ${token}`)).status).toBe(401);
});

test('a role not allowed is 403 FORBIDDEN; the allowed role and admin pass', async () => {
  const as = async (roles: Parameters<typeof signDevToken>[1]['roles']) =>
    request(appFor())
      .get('/cases')
      .set('Authorization', `Bearer ${await signDevToken(config, { sub: 'ana', roles })}`);

  const agent = await as(['agent']);
  expect(agent.status).toBe(403);
  expect(agent.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('supervisor') });
  expect((await as(['supervisor'])).body).toEqual({ subject: 'ana', roles: ['supervisor'] });
  expect((await as(['admin'])).status).toBe(200);
});

test('unknown roles in the claim grant nothing', async () => {
  const token = await new SignJWT({ roles: ['superuser', 'root'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('arrears')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(config.JWT_SECRET));
  expect((await request(appFor()).get('/cases').set('Authorization', `Bearer ${token}`)).status).toBe(403);
});

test('development tokens are refused in production and need JWT_SECRET', async () => {
  await expect(signDevToken({ ...config, NODE_ENV: 'production' }, { sub: 'x', roles: ['admin'] })).rejects.toThrow(
    ConfigError,
  );
  await expect(signDevToken({ NODE_ENV: 'development' }, { sub: 'x', roles: ['admin'] })).rejects.toThrow(/JWT_SECRET/);
});
