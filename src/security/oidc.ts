// The relying party's half of OIDC authorization code with PKCE, for the console's
// production sign-in. The API is the client (backend for frontend): it makes the
// state, nonce and PKCE verifier, sends the browser to the provider's authorize
// endpoint with the verifier's S256 challenge, and on the way back exchanges the
// one-time code for tokens at the token endpoint, sending the verifier. The ID
// token is verified against the provider's JWKS (issuer, audience = client id,
// nonce); the access token becomes the session (src/api/session.ts), verified as
// every bearer token is (src/security/auth.ts). No token is ever in a URL.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config';

export type OidcConfig = Pick<
  Config,
  'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_REDIRECT_URI' | 'OIDC_SCOPES' | 'OIDC_PROVIDER_NAME'
>;

/** Why a sign-in failed, as the console explains it (the details go to the log, not the URL). */
export type OidcFailure = 'expired' | 'state' | 'denied' | 'unavailable' | 'exchange' | 'token' | 'roles';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly reason: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

/** What the browser keeps between leaving for the provider and coming back (an httpOnly cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** The console path to land on once signed in. */
  returnTo: string;
}

export interface OidcTokens {
  /** The access token: the session, as the API verifies bearer tokens. */
  accessToken: string;
  /** The verified ID token's claims. */
  idToken: JWTPayload;
}

export interface OidcClient {
  /** What the sign-in page calls the provider. */
  name: string;
  issuer: string;
  /** The provider's authorize URL for a new sign-in, and what to keep until the browser comes back. */
  start(redirectUri: string, returnTo: string): Promise<{ authorizationUrl: URL; pending: PendingSignIn }>;
  /** Checks the provider's answer against the pending sign-in, exchanges the code and verifies the ID token. */
  finish(pending: PendingSignIn, answer: { code?: string; state?: string; error?: string }): Promise<OidcTokens>;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported?: string[];
}

const DISCOVERY_TIMEOUT_MS = 10_000;

/** null when OIDC_ISSUER_URL is unset (config.ts requires the client id and JWT_JWKS_URL beside it). */
export function oidcClient(config: OidcConfig, fetchImpl: typeof fetch = fetch): OidcClient | null {
  const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId } = config;
  if (!issuer || !clientId) return null;

  let discovered: Promise<{ document: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discovery = () => {
    discovered ??= discover(issuer, fetchImpl).then(
      (document) => ({ document, jwks: createRemoteJWKSet(new URL(document.jwks_uri)) }),
      (error: unknown) => {
        discovered = undefined; // the next sign-in asks again
        throw error;
      },
    );
    return discovered;
  };

  return {
    name: config.OIDC_PROVIDER_NAME ?? new URL(issuer).host,
    issuer,
    async start(redirectUri, returnTo) {
      const { document } = await discovery();
      const pending: PendingSignIn = { state: random(), nonce: random(), codeVerifier: random(), redirectUri, returnTo };
      const url = new URL(document.authorization_endpoint);
      const params = {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: config.OIDC_SCOPES,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: s256(pending.codeVerifier),
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      return { authorizationUrl: url, pending };
    },
    async finish(pending, answer) {
      if (!answer.state || !sameText(answer.state, pending.state)) {
        throw new OidcError('state', 'The state the provider sent back is not the one this browser started the sign-in with');
      }
      if (answer.error) throw new OidcError('denied', `The provider refused the sign-in: ${answer.error}`);
      if (!answer.code) throw new OidcError('denied', 'The provider sent back neither a code nor an error');
      const { document, jwks } = await discovery();
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code: answer.code,
        redirect_uri: pending.redirectUri,
        code_verifier: pending.codeVerifier,
      });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (config.OIDC_CLIENT_SECRET) {
        // client_secret_basic (RFC 6749 §2.3.1): both parts form-encoded, then base64.
        const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(config.OIDC_CLIENT_SECRET)}`;
        headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
      } else {
        body.set('client_id', clientId);
      }
      let response: Response;
      try {
        response = await fetchImpl(document.token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
      } catch (error) {
        throw new OidcError('exchange', `The token endpoint ${document.token_endpoint} did not answer: ${(error as Error).message}`);
      }
      const tokens = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok) {
        const why = [tokens.error, tokens.error_description].filter((part) => typeof part === 'string').join(': ');
        throw new OidcError('exchange', `The token endpoint refused the code (${response.status}${why ? `, ${why}` : ''})`);
      }
      if (typeof tokens.id_token !== 'string' || typeof tokens.access_token !== 'string') {
        throw new OidcError('exchange', 'The token endpoint answered without an id_token and an access_token');
      }
      let idToken: JWTPayload;
      try {
        ({ payload: idToken } = await jwtVerify(tokens.id_token, jwks, { issuer: document.issuer, audience: clientId }));
      } catch (error) {
        throw new OidcError('token', `The ID token is not valid: ${(error as Error).message}`);
      }
      if (typeof idToken.nonce !== 'string' || !sameText(idToken.nonce, pending.nonce)) {
        throw new OidcError('token', 'The ID token does not carry the nonce this sign-in sent');
      }
      return { accessToken: tokens.access_token, idToken };
    },
  };
}

async function discover(issuer: string, fetchImpl: typeof fetch): Promise<Discovery> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: Partial<Discovery>;
  try {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as Partial<Discovery>;
  } catch (error) {
    throw new OidcError('unavailable', `Could not read the provider's discovery document ${url}: ${(error as Error).message}`);
  }
  if (document.issuer !== issuer) {
    throw new OidcError('unavailable', `The discovery document at ${url} names the issuer ${String(document.issuer)}, not OIDC_ISSUER_URL (${issuer})`);
  }
  for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof document[field] !== 'string') throw new OidcError('unavailable', `The discovery document at ${url} has no ${field}`);
  }
  const methods = document.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) {
    throw new OidcError('unavailable', `The provider does not support PKCE with S256 (code_challenge_methods_supported: ${methods.join(', ')})`);
  }
  return document as Discovery;
}

/** 32 random bytes, base64url: a state, a nonce, a PKCE verifier (43 characters, RFC 7636). */
const random = () => randomBytes(32).toString('base64url');

/** The PKCE challenge of a verifier: BASE64URL(SHA-256(verifier)). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
