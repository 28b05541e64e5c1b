// The OpenAPI 3.1 document, generated from the zod schemas the routes validate
// with, served at /v1/openapi.json and browsable at /docs.
import { Router } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { ROLES } from './auth';
import { BEARER_SCHEME } from './route';

export function apiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: `A JWT whose \`roles\` claim lists some of ${ROLES.join(', ')} (\`npm run dev-token\` in the embedded mode).`,
  });
  const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });
  const json = (description: string) => ({ description, content: { 'application/json': { schema: z.looseObject({}) } } });
  const publicRoute = (path: string, summary: string, response: ResponseConfig) =>
    registry.registerPath({ method: 'get', path, tags: ['operations'], summary, description: 'Public: no token needed.', responses: { 200: response } });
  publicRoute('/healthz', 'Liveness: the process answers', json('alive'));
  publicRoute('/readyz', 'Readiness: Temporal and MongoDB answer (503 when not)', json('ready'));
  publicRoute('/metrics', 'Prometheus metrics: requests, latency, open cases by stage', text('metrics in the Prometheus text format'));
  publicRoute('/v1/openapi.json', 'This document', json('the OpenAPI 3.1 document'));
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
        '{"error":{"code","message","details"?:[{"path","message"}],"reason"?}} with a stable code.',
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
