// The console's session: who is signed in, the embedded mode's sign-in as a
// development identity, and sign-out. The token lives in an httpOnly,
// SameSite=Strict cookie (never in a URL or in local storage); the API accepts it
// as it accepts a bearer token (src/security/auth.ts). Production sign-in (OIDC
// with PKCE against the issuer behind JWT_JWKS_URL) is a later slice of issue 13:
// until then only a bearer token from the identity provider works there.
import { Router, type CookieOptions, type Request, type RequestHandler, type Response } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { Config } from '../config';
import { CONSOLE_REQUEST_HEADER, SESSION_COOKIE, cookieOf, signDevToken, ROLES, type Auth, type AuthConfig } from '../security/auth';
import { ApiError, errorResponseSchema } from './errors';
import { inputOf, validate } from './validation';

export type SessionConfig = AuthConfig & Pick<Config, 'ARREARS_MODE' | 'NODE_ENV'>;

/** The identities the embedded mode's sign-in page offers: one per role a person works in. */
export const DEVELOPMENT_IDENTITIES = {
  supervisor: { subject: 'dev-supervisor', roles: ['supervisor'] },
  agent: { subject: 'dev-agent', roles: ['agent'] },
  auditor: { subject: 'dev-auditor', roles: ['auditor'] },
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
});
type Session = z.infer<typeof sessionSchema>;

const devSignInBody = z.strictObject({ identity: z.enum(IDENTITY_NAMES) });

export const SESSION_PATH = '/v1/session';
export const DEV_SIGN_IN_PATH = '/v1/session/development';

export function sessionRoutes(config: SessionConfig, auth: Auth, registry: OpenAPIRegistry): Router {
  const devSignIn = developmentSignInAllowed(config);
  const identities = devSignIn ? IDENTITY_NAMES.map((name) => ({ name, ...DEVELOPMENT_IDENTITIES[name], roles: [...DEVELOPMENT_IDENTITIES[name].roles] })) : null;
  const cookie = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
  const fromConsole: RequestHandler = (req, _res, next) => {
    if (!req.get(CONSOLE_REQUEST_HEADER)) {
      throw new ApiError('FORBIDDEN', `Signing in or out takes the ${CONSOLE_REQUEST_HEADER} header, as the console sends it`);
    }
    next();
  };
  const answer = async (req: Request, res: Response, token: string | undefined): Promise<Session> => {
    if (!token) return { signedIn: false, principal: null, developmentIdentities: identities };
    try {
      const { subject, roles } = await auth.verify(token);
      return { signedIn: true, principal: { subject, roles }, developmentIdentities: identities };
    } catch {
      res.clearCookie(SESSION_COOKIE, cookie(req));
      return { signedIn: false, principal: null, developmentIdentities: identities };
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

  documentSession(registry);
  return router;
}

const SIGNED_IN_EXAMPLE: Session = {
  signedIn: true,
  principal: { subject: 'dev-supervisor', roles: ['supervisor'] },
  developmentIdentities: [{ name: 'supervisor', subject: 'dev-supervisor', roles: ['supervisor'] }],
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
  registry.registerPath({
    method: 'delete',
    path: SESSION_PATH,
    tags: ['session'],
    summary: 'Sign out: clears the session cookie',
    request: { headers: z.object({ [CONSOLE_REQUEST_HEADER]: header }) },
    responses: { 204: { description: 'Signed out' }, 403: refused },
  });
}
