// Bearer-token auth shared by the API and the codec server. Tokens are JWTs signed
// with an HS256 secret (embedded mode, small deployments) or by an identity
// provider publishing a JWKS; their `roles` claim decides what the caller may do.
// The console's session cookie carries the same token; a request it signs that
// changes something must also carry CONSOLE_REQUEST_HEADER, which another site's
// page cannot send without this origin's consent (CSRF).
import type { Request, RequestHandler, Response } from 'express';
import { SignJWT, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { ConfigError, type Config } from '../config';

/**
 * agency: a collection agency's system, which may only report on its own placements: the money it collected
 * (POST /v1/agency/collections) and its contact attempts (POST /v1/agency/contacts). Its token names the agency
 * in an `agency` claim, as placements name it.
 * provider: a channel provider's system posting what debtors send back (POST /v1/channels/sms/replies).
 */
export const ROLES = ['supervisor', 'agent', 'auditor', 'agency', 'admin', 'provider', 'strategist'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Who made the request, as the verified token says. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** The agency the token speaks for (its `agency` claim), for the agency role. */
  agency?: string;
}

/** The console's session: an httpOnly, SameSite=Strict cookie holding the token. */
export const SESSION_COOKIE = 'arrears_session';
/** The header the console sends with every request; required with the cookie on unsafe methods. */
export const CONSOLE_REQUEST_HEADER = 'x-arrears-console';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A cookie's value from the request's Cookie header, undefined when absent. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals > 0 && pair.slice(0, equals).trim() === name) return decodeURIComponent(pair.slice(equals + 1).trim());
  }
  return undefined;
}

/** The token the request carries: the Authorization header's, else the session cookie's. */
function credentialOf(req: Request): { token: string; from: 'bearer' | 'cookie' } | undefined {
  const bearer = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (bearer) return { token: bearer, from: 'bearer' };
  const cookie = cookieOf(req, SESSION_COOKIE);
  return cookie ? { token: cookie, from: 'cookie' } : undefined;
}

export type AuthConfig = Pick<Config, 'JWT_SECRET' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'> & Partial<Pick<Config, 'JWT_ROLES_CLAIM'>>;

export interface Auth {
  /** Lets the request through when its token carries one of the roles; admin passes everywhere. */
  requireRoles(...roles: Role[]): RequestHandler;
  verify(token: string): Promise<Principal>;
}

/** Fails at start-up, naming the variables, when no way to verify tokens is configured. */
export function createAuth(config: AuthConfig): Auth {
  const verify = tokenVerifier(config);

  function requireRoles(...roles: Role[]): RequestHandler {
    const allowed = new Set<Role>([...roles, 'admin']);
    return async (req, res, next) => {
      const credential = credentialOf(req);
      if (!credential) {
        res.set('WWW-Authenticate', 'Bearer');
        res.status(401).json(authError('UNAUTHENTICATED', 'A bearer token is required: Authorization: Bearer <token>'));
        return;
      }
      if (credential.from === 'cookie' && !SAFE_METHODS.has(req.method) && !req.get(CONSOLE_REQUEST_HEADER)) {
        const message = `A change made with the session cookie must carry the ${CONSOLE_REQUEST_HEADER} header, as the console sends it`;
        res.status(403).json(authError('FORBIDDEN', message));
        return;
      }
      let principal: Principal;
      try {
        principal = await verify(credential.token);
      } catch (error) {
        if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) return next(error);
        const message =
          error instanceof errors.JWTExpired
            ? 'The bearer token has expired; sign in again'
            : 'The bearer token is not valid for this service; sign in again';
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
        res.status(401).json(authError('UNAUTHENTICATED', message));
        return;
      }
      if (!principal.roles.some((role) => allowed.has(role))) {
        const held = principal.roles.length > 0 ? principal.roles.join(', ') : 'no roles';
        const message = `This needs one of the roles ${[...allowed].join(', ')}; your token has ${held}`;
        res.status(403).json(authError('FORBIDDEN', message));
        return;
      }
      res.locals.principal = principal;
      next();
    };
  }

  return { requireRoles, verify };
}

/** The principal requireRoles verified for this request. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf() called on a route without requireRoles()');
  return principal;
}

export interface DevTokenClaims {
  sub: string;
  roles: Role[];
  /** For the agency role: the agency the token speaks for, as placements name it. */
  agency?: string;
  /** A jose time span such as '8h' or '15m'. */
  expiresIn?: string;
}

/** Signs a token with JWT_SECRET for the embedded mode and the dev-token CLI; refused in production. */
export async function signDevToken(
  config: AuthConfig & Pick<Config, 'NODE_ENV'>,
  { sub, roles, agency, expiresIn = '8h' }: DevTokenClaims,
): Promise<string> {
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('Development tokens are not issued when NODE_ENV=production');
  }
  if (!config.JWT_SECRET) throw new ConfigError('JWT_SECRET is not set: development tokens are signed with it');
  let token = new SignJWT({ roles, ...(agency !== undefined && { agency }) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (config.JWT_ISSUER) token = token.setIssuer(config.JWT_ISSUER);
  if (config.JWT_AUDIENCE) token = token.setAudience(config.JWT_AUDIENCE);
  return token.sign(new TextEncoder().encode(config.JWT_SECRET));
}

function tokenVerifier(config: AuthConfig): (token: string) => Promise<Principal> {
  const { JWT_SECRET: secret, JWT_JWKS_URL: jwksUrl } = config;
  if (secret && jwksUrl) throw new ConfigError('Set one of JWT_SECRET or JWT_JWKS_URL, not both');
  if (!secret && !jwksUrl) {
    throw new ConfigError(
      'Neither JWT_SECRET (an HS256 secret of at least 32 characters) nor JWT_JWKS_URL (your identity ' +
        "provider's JWKS) is set: the API and codec server cannot verify bearer tokens",
    );
  }
  const expected = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const jwks = jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : undefined;
  const secretKey = new TextEncoder().encode(secret ?? '');
  return async (token) => {
    const { payload } = jwks
      ? await jwtVerify(token, jwks, expected)
      : await jwtVerify(token, secretKey, { ...expected, algorithms: ['HS256'] });
    const roles = rolesIn(payload, config.JWT_ROLES_CLAIM ?? 'roles');
    const agency = typeof payload.agency === 'string' && payload.agency.trim() ? payload.agency : undefined;
    return { subject: payload.sub ?? '', roles, ...(agency && { agency }) };
  };
}

/** The arrears roles a token's claim names (a dotted path reaches into objects); other values are ignored. */
export function rolesIn(payload: Record<string, unknown>, claim: string): Role[] {
  let value: unknown = payload;
  for (const name of claim.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  const values = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
  return [...new Set(values.filter(isRole))];
}

function authError(code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string) {
  return { error: { code, message } };
}
