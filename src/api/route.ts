// A route is declared once: its roles, schemas and responses both mount the
// express handler (auth → validation → handler) and document it in OpenAPI, so
// the document cannot drift from what the server enforces.
import type { Request, Response, Router } from 'express';
import type { OpenAPIRegistry, ZodContentObject } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { principalOf, type Auth, type Principal, type Role } from './auth';
import { ERROR_STATUS, errorResponseSchema, type ErrorCode } from './errors';
import { inputOf, validate } from './validation';

type Method = 'get' | 'post' | 'put' | 'delete';
type ObjectSchema = z.ZodObject | z.ZodPipe;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Reply {
  status?: number;
  body: unknown;
}

export interface RouteSpec<P extends ObjectSchema | undefined, Q extends ObjectSchema | undefined, B extends z.ZodType | undefined> {
  method: Method;
  /** Express syntax: '/v1/loans/:loanId'. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it; admin may call every route. */
  roles: Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** A body the handler reads itself (a stream): documented here, not parsed. */
  rawBody?: ZodContentObject;
  response: { status: number; description: string; schema: z.ZodType };
  /** Failures this route can answer with besides 401, 403 and 422. */
  errors?: ErrorCode[];
  handler: (
    input: { params: Infer<P>; query: Infer<Q>; body: Infer<B>; principal: Principal },
    req: Request,
    res: Response,
  ) => Promise<Reply>;
}

export interface RouteTable {
  route<P extends ObjectSchema | undefined, Q extends ObjectSchema | undefined, B extends z.ZodType | undefined>(
    spec: RouteSpec<P, Q, B>,
  ): void;
}

export const BEARER_SCHEME = 'bearer';

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function routeTable(router: Router, registry: OpenAPIRegistry, auth: Auth): RouteTable {
  return {
    route(spec) {
      router[spec.method](
        spec.path,
        auth.requireRoles(...spec.roles),
        validate({ params: spec.params, query: spec.query, body: spec.body }),
        async (req, res) => {
          const { params, query, body } = inputOf(res);
          const input = { params, query, body, principal: principalOf(res) } as Parameters<typeof spec.handler>[0];
          const reply = await spec.handler(input, req, res);
          res.status(reply.status ?? spec.response.status).json(reply.body);
        },
      );
      registry.registerPath({
        method: spec.method,
        path: openApiPath(spec.path),
        tags: [spec.tag],
        summary: spec.summary,
        description: [spec.description, `Roles: ${[...spec.roles, 'admin'].join(', ')}.`].filter(Boolean).join('\n\n'),
        'x-roles': [...spec.roles, 'admin'],
        security: [{ [BEARER_SCHEME]: [] }],
        request: {
          params: spec.params,
          query: spec.query,
          body: spec.body
            ? { required: true, content: { 'application/json': { schema: spec.body } } }
            : spec.rawBody && { required: true, content: spec.rawBody },
        },
        responses: {
          [spec.response.status]: {
            description: spec.response.description,
            content: { 'application/json': { schema: spec.response.schema } },
          },
          ...errorResponses([
            'UNAUTHENTICATED',
            'FORBIDDEN',
            'VALIDATION_FAILED',
            'RATE_LIMITED',
            ...(spec.body ? (['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) : []),
            ...(spec.errors ?? []),
          ]),
        },
      });
    },
  };
}

function errorResponses(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      status,
      { description: statusCodes.join(' or '), content: { 'application/json': { schema: errorResponseSchema } } },
    ]),
  );
}
