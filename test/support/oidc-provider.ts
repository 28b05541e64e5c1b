// A stand-in OpenID provider over real HTTP, for the console's OIDC sign-in: the
// discovery document, an authorize endpoint that signs the user in at once and
// sends the browser back with a code, a token endpoint that checks the code, the
// redirect URI, the client and the PKCE verifier, and the JWKS. It signs with an
// RS256 key generated per test file (or, when told to forge, with a key its JWKS
// does not hold). Mocking a provider's HTTP endpoints is all it does.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';

export const MOCK_CLIENT_ID = 'arrears-console';
export const MOCK_API_AUDIENCE = 'arrears-api';

interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
  user: MockUser;
}

export interface MockUser {
  sub: string;
  /** Claims the access token carries beside iss, aud, sub and exp (the roles among them). */
  claims: JWTPayload;
}

export interface MockOidcProvider {
  issuer: string;
  jwksUrl: string;
  /** Who the authorize endpoint signs in next. */
  user: MockUser;
  /** Sign the next tokens of these kinds with a key the JWKS does not publish; put this nonce in the ID token. */
  forge: { idToken?: boolean; accessToken?: boolean; nonce?: string };
  /** Every authorize request's and token request's parameters, in order. */
  authorizeRequests: URLSearchParams[];
  tokenRequests: URLSearchParams[];
  /** An access token for the user, as the token endpoint would issue it (forged when `forge` is set). */
  accessToken(user: MockUser): Promise<string>;
  /** The env variables that point arrears at this provider. */
  env(overrides?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function startMockOidcProvider(): Promise<MockOidcProvider> {
  const [{ privateKey, publicKey }, forger] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
  const kid = 'mock-key-1';
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const app = express();
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider: MockOidcProvider = {
    issuer: `${origin}/realms/arrears`,
    jwksUrl: `${origin}/realms/arrears/jwks`,
    user: { sub: 'alice', claims: { roles: ['supervisor'] } },
    forge: {},
    authorizeRequests: [],
    tokenRequests: [],
    env: (overrides = {}) => ({
      JWT_SECRET: '',
      JWT_JWKS_URL: provider.jwksUrl,
      JWT_ISSUER: provider.issuer,
      JWT_AUDIENCE: MOCK_API_AUDIENCE,
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: MOCK_CLIENT_ID,
      OIDC_PROVIDER_NAME: 'Mock IdP',
      ...overrides,
    }),
    accessToken: ({ sub, claims }) => sign({ ...claims, sub }, MOCK_API_AUDIENCE, provider.forge.accessToken),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const sign = (payload: JWTPayload, audience: string, forged = false) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(provider.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(forged ? forger.privateKey : privateKey);

  app.get('/realms/arrears/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/authorize`,
      token_endpoint: `${provider.issuer}/token`,
      jwks_uri: provider.jwksUrl,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
  app.get('/realms/arrears/jwks', (_req, res) => {
    res.json({ keys: [jwk] });
  });
  // The user is signed in already: the authorize page sends the browser straight back.
  app.get('/realms/arrears/authorize', (req, res) => {
    const params = new URLSearchParams(req.query as Record<string, string>);
    provider.authorizeRequests.push(params);
    const redirectUri = params.get('redirect_uri') ?? '';
    if (params.get('response_type') !== 'code' || params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) {
      res.status(400).send('response_type=code with an S256 code_challenge is required');
      return;
    }
    const code = randomBytes(16).toString('hex');
    grants.set(code, {
      clientId: params.get('client_id') ?? '',
      redirectUri,
      codeChallenge: params.get('code_challenge') ?? '',
      nonce: params.get('nonce') ?? '',
      user: provider.user,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', params.get('state') ?? '');
    res.redirect(302, back.href);
  });
  app.post('/realms/arrears/token', express.urlencoded({ extended: false }), async (req, res) => {
    const params = new URLSearchParams(req.body as Record<string, string>);
    provider.tokenRequests.push(params);
    const refuse = (description: string) => res.status(400).json({ error: 'invalid_grant', error_description: description });
    const grant = grants.get(params.get('code') ?? '');
    grants.delete(params.get('code') ?? '');
    if (params.get('grant_type') !== 'authorization_code' || !grant) return refuse('unknown or used code');
    if (params.get('client_id') !== grant.clientId) return refuse('another client');
    if (params.get('redirect_uri') !== grant.redirectUri) return refuse('redirect_uri differs from the authorize request');
    const challenge = createHash('sha256').update(params.get('code_verifier') ?? '').digest('base64url');
    if (challenge !== grant.codeChallenge) return refuse('PKCE verification failed');
    const { sub, claims } = grant.user;
    res.json({
      token_type: 'Bearer',
      expires_in: 300,
      access_token: await provider.accessToken({ sub, claims }),
      id_token: await sign({ sub, nonce: provider.forge.nonce ?? grant.nonce, name: sub }, grant.clientId, provider.forge.idToken),
    });
  });
  return provider;
}
