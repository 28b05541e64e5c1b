// The console's session: who is signed in, the two ways to sign in, and sign-out.
// The token lives in an httpOnly, SameSite=Strict cookie (never in a URL or in
// local storage); the API accepts it as it accepts a bearer token
// (src/security/auth.ts).
//   embedded mode   pick a development identity; the API signs its token
//   production      OIDC authorization code with PKCE against OIDC_ISSUER_URL
//                   (src/security/oidc.ts): the API keeps the state, nonce and
//                   verifier in a short-lived httpOnly cookie, exchanges the code
//                   and sets the provider's access token as the session
import { Router, type CookieOptions, type Request, type RequestHandler, type Response } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { CONSOLE_REQUEST_HEADER, SESSION_COOKIE, cookieOf, signDevToken, ROLES, type Auth, type AuthConfig } from '../security/auth';
import { OidcError, oidcClient, type OidcClient, type OidcConfig, type OidcFailure, type PendingSignIn } from '../security/oidc';
import { ApiError, errorResponseSchema } from './errors';
import { inputOf, validate } from './validation';

export type SessionConfig = AuthConfig & OidcConfig & Pick<Config, 'ARREARS_MODE' | 'NODE_ENV'>;

/** The identities the embedded mode's sign-in page offers: one per role a person works in. */
export const DEVELOPMENT_IDENTITIES = {
  supervisor: { subject: 'dev-supervisor', roles: ['supervisor'] },
  agent: { subject: 'dev-agent', roles: ['agent'] },
  auditor: { subject: 'dev-auditor', roles: ['auditor'] },
  strategist: { subject: 'dev-strategist', roles: ['strategist'] },
  admin: { subject: 'dev-admin', roles: ['admin'] },
} as const;
type IdentityName = keyof typeof DEVELOPMENT_IDENTITIES;
const IDENTITY_NAMES = Object.keys(DEVELOPMENT_IDENTITIES) as [IdentityName, ...IdentityName[]];

/** How long a development session lasts, as the token and the cookie both say. */
const DEV_SESSION_HOURS = 8;

/** Development sign-in: the embedded mode, outside production, with a secret to sign with. */
export const developmentSignInAllowed = (config: SessionConfig) =>
  config.ARREARS_MODE === 'embedded' && config.NODE_ENV !== 'production' && Boolean(config.JWT_SECRET);

const sessionSchema = z.object({
  signedIn: z.boolean(),
  principal: z.object({ subject: z.string(), roles: z.array(z.enum(ROLES)) }).nullable(),
  developmentIdentities: z
    .array(z.object({ name: z.enum(IDENTITY_NAMES), subject: z.string(), roles: z.array(z.enum(ROLES)) }))
    .nullable()
    .describe('The identities the sign-in page offers; null where development sign-in is off (the external mode, production)'),
  oidc: z
    .object({ name: z.string(), issuer: z.string() })
    .nullable()
    .describe(`The identity provider to sign in with (GET ${'/v1/session/oidc'}); null where OIDC_ISSUER_URL is unset`),
});
type Session = z.infer<typeof sessionSchema>;

const devSignInBody = z.strictObject({ identity: z.enum(IDENTITY_NAMES) });

export const SESSION_PATH = '/v1/session';
export const DEV_SIGN_IN_PATH = '/v1/session/development';
export const OIDC_SIGN_IN_PATH = '/v1/session/oidc';
export const OIDC_CALLBACK_PATH = '/v1/session/oidc/callback';
/** The sign-in under way: state, nonce and PKCE verifier, sent only to the callback, for 10 minutes. */
export const OIDC_PENDING_COOKIE = 'arrears_oidc';
const OIDC_PENDING_MINUTES = 10;
/** The console's own paths only: no scheme, no host, no "//", so a sign-in never leaves for another site. */
const consolePath = z.string().max(2000).regex(/^\/(?![/\\])[^\s\\]*$/, 'a console path such as /cases?bucket=M2');
const oidcSignInQuery = z.strictObject({ returnTo: consolePath.default('/') });
const oidcCallbackQuery = z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() });
const pendingSchema = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string(), redirectUri: z.url(), returnTo: consolePath });

export function sessionRoutes(config: SessionConfig, auth: Auth, registry: OpenAPIRegistry, logger?: Logger): Router {
  const devSignIn = developmentSignInAllowed(config);
  const oidc = oidcClient(config);
  const provider = oidc && { name: oidc.name, issuer: oidc.issuer };
  const identities = devSignIn ? IDENTITY_NAMES.map((name) => ({ name, ...DEVELOPMENT_IDENTITIES[name], roles: [...DEVELOPMENT_IDENTITIES[name].roles] })) : null;
  const cookie = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
  const fromConsole: RequestHandler = (req, _res, next) => {
    if (!req.get(CONSOLE_REQUEST_HEADER)) {
      throw new ApiError('FORBIDDEN', `Signing in or out takes the ${CONSOLE_REQUEST_HEADER} header, as the console sends it`);
    }
    next();
  };
  const answer = async (req: Request, res: Response, token: string | undefined): Promise<Session> => {
    const signedOut = { signedIn: false, principal: null, developmentIdentities: identities, oidc: provider };
    if (!token) return signedOut;
    try {
      const { subject, roles } = await auth.verify(token);
      return { signedIn: true, principal: { subject, roles }, developmentIdentities: identities, oidc: provider };
    } catch {
      res.clearCookie(SESSION_COOKIE, cookie(req));
      return signedOut;
    }
  };

  const router = Router();
  router.get(SESSION_PATH, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await answer(req, res, cookieOf(req, SESSION_COOKIE)));
  });
  router.post(DEV_SIGN_IN_PATH, fromConsole, validate({ body: devSignInBody }), async (req, res) => {
    if (!devSignIn) throw new ApiError('FORBIDDEN', 'Development sign-in is off here: it works only in the embedded mode, outside production');
    const { identity } = inputOf(res).body as z.infer<typeof devSignInBody>;
    const { subject, roles } = DEVELOPMENT_IDENTITIES[identity];
    const token = await signDevToken(config, { sub: subject, roles: [...roles], expiresIn: `${DEV_SESSION_HOURS}h` });
    res.cookie(SESSION_COOKIE, token, { ...cookie(req), maxAge: DEV_SESSION_HOURS * 3_600_000 });
    res.set('Cache-Control', 'no-store').json(await answer(req, res, token));
  });
  router.delete(SESSION_PATH, fromConsole, (req, res) => {
    res.clearCookie(SESSION_COOKIE, cookie(req)).status(204).end();
  });
  router.use(oidcSignInRoutes(config, oidc, auth, cookie, logger));

  documentSession(registry);
  return router;
}

type CookieOf = (req: Request) => CookieOptions;

/** Where the console says why a sign-in through the provider failed (the details go to the log). */
export const signInFailedPath = (reason: OidcFailure) => `/console/?signInError=${reason}`;

/**
 * GET /v1/session/oidc sends the browser to the provider; GET /v1/session/oidc/callback takes it back,
 * exchanges the code and sets the session cookie. Both are navigations, not calls: they answer redirects.
 */
function oidcSignInRoutes(config: SessionConfig, oidc: OidcClient | null, auth: Auth, cookie: CookieOf, logger?: Logger): Router {
  // Lax, not Strict: the browser comes back from the provider's site, and must bring it along.
  const pendingCookie = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: req.secure, path: OIDC_CALLBACK_PATH });
  const configured: RequestHandler = (_req, _res, next) => {
    if (!oidc) throw new ApiError('NOT_FOUND', 'Sign-in through an identity provider is not configured here: set OIDC_ISSUER_URL and OIDC_CLIENT_ID');
    next();
  };
  const failed = (res: Response, error: OidcError) => {
    logger?.warn({ reason: error.reason, err: error }, `OIDC sign-in failed: ${error.message}`);
    res.redirect(303, signInFailedPath(error.reason));
  };

  const router = Router();
  router.get(OIDC_SIGN_IN_PATH, configured, validate({ query: oidcSignInQuery }), async (req, res) => {
    const { returnTo } = inputOf(res).query as z.infer<typeof oidcSignInQuery>;
    const redirectUri = config.OIDC_REDIRECT_URI ?? `${req.protocol}://${req.get('host')}${OIDC_CALLBACK_PATH}`;
    res.set('Cache-Control', 'no-store');
    try {
      const { authorizationUrl, pending } = await oidc!.start(redirectUri, returnTo);
      const sealed = Buffer.from(JSON.stringify(pending)).toString('base64url');
      res.cookie(OIDC_PENDING_COOKIE, sealed, { ...pendingCookie(req), maxAge: OIDC_PENDING_MINUTES * 60_000 });
      res.redirect(303, authorizationUrl.href);
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      failed(res, error);
    }
  });
  router.get(OIDC_CALLBACK_PATH, configured, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.clearCookie(OIDC_PENDING_COOKIE, pendingCookie(req)); // one use
    try {
      const pending = pendingOf(cookieOf(req, OIDC_PENDING_COOKIE));
      const query = oidcCallbackQuery.safeParse(typeof req.query === 'object' ? req.query : {});
      if (!query.success) throw new OidcError('state', `The provider's answer is not one sign-in's (code, state, error each once): ${query.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
      const answer = query.data;
      const { accessToken, idToken } = await oidc!.finish(pending, answer);
      const principal = await auth.verify(accessToken).catch((error: Error) => {
        throw new OidcError('token', `The access token is not one this API accepts (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE): ${error.message}`);
      });
      if (principal.subject !== idToken.sub) throw new OidcError('token', 'The access token and the ID token name different subjects');
      if (principal.roles.length === 0) {
        throw new OidcError('roles', `${principal.subject} holds no arrears role in the token's ${config.JWT_ROLES_CLAIM ?? 'roles'} claim`);
      }
      const expires = decodeJwt(accessToken).exp;
      res.cookie(SESSION_COOKIE, accessToken, { ...cookie(req), ...(expires && { maxAge: expires * 1000 - Date.now() }) });
      logger?.info({ subject: principal.subject, roles: principal.roles }, 'signed in to the console through OIDC');
      res.redirect(303, `/console${pending.returnTo}`);
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      failed(res, error);
    }
  });
  return router;
}

function pendingOf(cookie: string | undefined): PendingSignIn {
  let parsed: unknown;
  try {
    parsed = cookie && JSON.parse(Buffer.from(cookie, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  const pending = pendingSchema.safeParse(parsed);
  if (!pending.success) throw new OidcError('expired', `No sign-in under way in this browser (the ${OIDC_PENDING_COOKIE} cookie is missing, expired or unreadable)`);
  return pending.data;
}

const SIGNED_IN_EXAMPLE: Session = {
  signedIn: true,
  principal: { subject: 'dev-supervisor', roles: ['supervisor'] },
  developmentIdentities: [{ name: 'supervisor', subject: 'dev-supervisor', roles: ['supervisor'] }],
  oidc: null,
};

/** Puts the session routes in the OpenAPI document; sessionRoutes calls it, as does the offline document. */
export function documentSession(registry: OpenAPIRegistry): void {
  const json = (schema: z.ZodType, example?: { summary: string; value: unknown }) => ({
    'application/json': { schema, ...(example && { examples: { example } }) },
  });
  const header = z.string().describe(`Any value; the console sends it so another site's page cannot sign a browser in or out`);
  const refused = { description: `FORBIDDEN: no ${CONSOLE_REQUEST_HEADER} header, or development sign-in is off`, content: json(errorResponseSchema) };
  registry.registerPath({
    method: 'get',
    path: SESSION_PATH,
    tags: ['session'],
    summary: "The console's session: who is signed in by the session cookie, and the development identities on offer",
    description: 'Public: answers signedIn false without a valid session cookie.',
    responses: {
      200: { description: 'The session', content: json(sessionSchema, { summary: 'Signed in as the development supervisor', value: SIGNED_IN_EXAMPLE }) },
    },
  });
  registry.registerPath({
    method: 'post',
    path: DEV_SIGN_IN_PATH,
    tags: ['session'],
    summary: 'Sign in as a development identity (embedded mode only): sets the httpOnly, SameSite=Strict session cookie',
    description: `The cookie holds a token of ${DEV_SESSION_HOURS} h. A change made with it must carry the ${CONSOLE_REQUEST_HEADER} header.`,
    request: {
      headers: z.object({ [CONSOLE_REQUEST_HEADER]: header }),
      body: { required: true, content: json(devSignInBody, { summary: 'The development supervisor', value: { identity: 'supervisor' } }) },
    },
    responses: { 200: { description: 'Signed in', content: json(sessionSchema, { summary: 'Signed in', value: SIGNED_IN_EXAMPLE }) }, 403: refused },
  });
  const redirect = (description: string) => ({ description, headers: z.object({ Location: z.string().describe('Where the browser goes next') }) });
  registry.registerPath({
    method: 'get',
    path: OIDC_SIGN_IN_PATH,
    tags: ['session'],
    summary: "Sign in through the identity provider (OIDC_ISSUER_URL): a navigation that sends the browser to the provider's authorize page",
    description:
      'Authorization code with PKCE (S256). The state, nonce and code verifier go into the httpOnly, SameSite=Lax ' +
      `${OIDC_PENDING_COOKIE} cookie, sent only to the callback, for ${OIDC_PENDING_MINUTES} minutes. ` +
      `Where the provider cannot be reached, redirects to ${signInFailedPath('unavailable')}.`,
    request: { query: oidcSignInQuery },
    responses: {
      303: redirect("To the provider's authorization endpoint"),
      404: { description: 'NOT_FOUND: OIDC sign-in is not configured', content: json(errorResponseSchema) },
      422: { description: 'VALIDATION_FAILED: returnTo is not a console path', content: json(errorResponseSchema) },
    },
  });
  registry.registerPath({
    method: 'get',
    path: OIDC_CALLBACK_PATH,
    tags: ['session'],
    summary: "The provider's redirect back: checks the state, exchanges the code with the verifier, verifies the tokens and sets the session cookie",
    description:
      "The ID token is verified against the provider's JWKS (issuer, audience = OIDC_CLIENT_ID, nonce); the access token must be " +
      'one the API accepts as a bearer token (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE), for the same subject, with a role in JWT_ROLES_CLAIM. ' +
      `It becomes the httpOnly, SameSite=Strict ${SESSION_COOKIE} cookie until it expires. On failure, redirects to ` +
      '/console/?signInError=<expired|state|denied|unavailable|exchange|token|roles>; the log says more.',
    request: { query: oidcCallbackQuery },
    responses: {
      303: redirect('To the console path the sign-in started from, signed in; or to the sign-in page with the reason it failed'),
      404: { description: 'NOT_FOUND: OIDC sign-in is not configured', content: json(errorResponseSchema) },
    },
  });
  registry.registerPath({
    method: 'delete',
    path: SESSION_PATH,
    tags: ['session'],
    summary: 'Sign out: clears the session cookie',
    request: { headers: z.object({ [CONSOLE_REQUEST_HEADER]: header }) },
    responses: { 204: { description: 'Signed out' }, 403: refused },
  });
}
