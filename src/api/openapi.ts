// The OpenAPI 3.1 document, generated from the zod schemas the routes validate
// with, served at /v1/openapi.json and browsable at /docs.
import { Router } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { CONSOLE_REQUEST_HEADER, ROLES, SESSION_COOKIE } from '../security/auth';
import { BEARER_SCHEME, SESSION_SCHEME } from './route';

export function apiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      `A JWT whose \`roles\` claim lists some of ${ROLES.join(', ')} (\`npm run dev-token\` in the embedded mode). ` +
      "An agency's token also names the agency in an `agency` claim, as its placements name it: it reports on those only.",
  });
  registry.registerComponent('securitySchemes', SESSION_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      `The console's session cookie (httpOnly, SameSite=Strict), holding the same token; set by signing in (\`/v1/session\`). ` +
      `A request it signs with a method other than GET must carry the \`${CONSOLE_REQUEST_HEADER}\` header.`,
  });
  const text = (description: string, example: string) => ({
    description,
    content: { 'text/plain': { schema: z.string(), examples: { excerpt: { summary: 'An excerpt', value: example } } } },
  });
  const json = (description: string, example: object) => ({
    description,
    content: { 'application/json': { schema: z.looseObject({}), examples: { answer: { summary: description, value: example } } } },
  });
  const publicRoute = (path: string, summary: string, response: ResponseConfig) =>
    registry.registerPath({ method: 'get', path, tags: ['operations'], summary, description: 'Public: no token needed.', responses: { 200: response } });
  publicRoute('/healthz', 'Liveness: the process answers', json('alive', { status: 'ok' }));
  publicRoute(
    '/readyz',
    'Readiness: Temporal and MongoDB answer (503 when not)',
    json('ready', { status: 'ready', temporal: { ok: true }, mongodb: { ok: true } }),
  );
  publicRoute(
    '/metrics',
    'Prometheus metrics: requests, latency, open cases by stage',
    text(
      'metrics in the Prometheus text format',
      [
        '# TYPE arrears_http_requests_total counter',
        'arrears_http_requests_total{method="GET",route="/v1/cases/:caseId",status="200"} 1832',
        '# TYPE arrears_cases_by_stage gauge',
        'arrears_cases_by_stage{stage="follow-up"} 611',
      ].join('\n'),
    ),
  );
  publicRoute(
    '/v1/openapi.json',
    'This document',
    json('the OpenAPI 3.1 document', { openapi: '3.1.0', info: { title: 'arrears', version: '1' }, paths: { '/v1/cases/{caseId}': { get: {} } } }),
  );
  return registry;
}

export function openApiDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'arrears',
      version: '1',
      description:
        'The collection process engine for overdue loans: the loan book, collection cases and their commands, ' +
        "strategies, agents' work queues, agencies' collection reports, the portfolio sweep and the audit trail. Errors have one shape: " +
        '{"error":{"code","message","details"?:[{"path","message"}],"reason"?,"compliance"?:{"verdict","rule","reason","until"?}}} ' +
        'with a stable code; `compliance` says which rule of the compliance guard kept a contact from happening now.\n\n' +
        'Times marked business time are read on the business clock. With the default 24 h day it is wall time. ' +
        'With a shorter ARREARS_DAY_LENGTH it runs faster, from ARREARS_TIME_ORIGIN: one business day per ARREARS_DAY_LENGTH of wall time. ' +
        "DPD, due dates, promise dates and the compliance guard's local hours all read business time.",
    },
  });
}

/** Generates the document once, on first request, after every route has registered. */
export function openApiRoutes(registry: OpenAPIRegistry): Router {
  let document: ReturnType<typeof openApiDocument> | undefined;
  let page: ReturnType<typeof swaggerUi.setup> | undefined;
  const current = () => (document ??= openApiDocument(registry));
  const router = Router();
  router.get('/v1/openapi.json', (_req, res) => {
    res.json(current());
  });
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', (req, res, next) => (page ??= swaggerUi.setup(current()))(req, res, next));
  return router;
}
