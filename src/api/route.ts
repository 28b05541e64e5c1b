// A route is declared once: its roles, schemas and responses both mount the
// express handler (auth → validation → handler) and document it in OpenAPI, so
// the document cannot drift from what the server enforces.
import type { Request, Response, Router } from 'express';
import type { OpenAPIRegistry, ZodContentObject } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { principalOf, type Auth, type Principal, type Role } from '../security/auth';
import { ERROR_STATUS, errorResponseSchema, type ErrorCode, type ErrorResponse } from './errors';
import { inputOf, validate } from './validation';

type Method = 'get' | 'post' | 'put' | 'delete';
type ObjectSchema = z.ZodObject | z.ZodPipe;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One example in the document: a title, and what a caller sends or gets. */
export interface Example<T = unknown> {
  summary: string;
  value: T;
}

/** What the document shows a caller of a route; test/api/documents.test.ts checks each against the route's schemas. */
export interface RouteExamples<B> {
  /** Bodies the route takes, by name. A raw body's examples sit in `rawBody`, under their media type. */
  request?: Record<string, Example<B extends z.ZodType ? z.input<B> : never>>;
  /** Answers on success, by name. */
  response: Record<string, Example>;
  /** The failure a caller most needs to handle, as the API answers it; shown under its status. */
  error: Example<ErrorResponse>;
}

export interface Reply {
  status?: number;
  body: unknown;
  /** Sent as text of this media type (a CSV export) instead of JSON. */
  contentType?: string;
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
  /** The body may be left out (a request without one validates as {}); only with `body`. */
  bodyOptional?: boolean;
  /** A body the handler reads itself (a stream): documented here, not parsed. */
  rawBody?: ZodContentObject;
  response: { status: number; description: string; schema: z.ZodType };
  /** Failures this route can answer with besides 401, 403 and 422. */
  errors?: ErrorCode[];
  /** What the document shows; request examples take the type of `body`, which alone decides B. */
  examples: RouteExamples<NoInfer<B>>;
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

/** A route as declared, whatever its schemas, without its handler: what a check of the declarations reads. */
export type DeclaredRoute = Omit<RouteSpec<ObjectSchema | undefined, ObjectSchema | undefined, z.ZodType | undefined>, 'handler'>;

/** The routes `declare` declares, mounted nowhere: to check their documentation against their schemas. */
export function declaredRoutes(declare: (api: RouteTable) => void): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  declare({ route: (spec) => routes.push(spec) });
  return routes;
}

export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

/** '/v1/loans/:loanId' → '/v1/loans/{loanId}'. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function routeTable(router: Router, registry: OpenAPIRegistry, auth: Auth): RouteTable {
  return {
    route(spec) {
      router[spec.method](
        spec.path,
        auth.requireRoles(...spec.roles),
        validate({ params: spec.params, query: spec.query, body: spec.body, bodyOptional: spec.bodyOptional }),
        async (req, res) => {
          const { params, query, body } = inputOf(res);
          const input = { params, query, body, principal: principalOf(res) } as Parameters<typeof spec.handler>[0];
          const reply = await spec.handler(input, req, res);
          if (reply.contentType) res.status(reply.status ?? spec.response.status).type(reply.contentType).send(reply.body);
          else res.status(reply.status ?? spec.response.status).json(reply.body);
        },
      );
      registry.registerPath({
        method: spec.method,
        path: openApiPath(spec.path),
        tags: [spec.tag],
        summary: spec.summary,
        description: [spec.description, `Roles: ${[...spec.roles, 'admin'].join(', ')}.`].filter(Boolean).join('\n\n'),
        'x-roles': [...spec.roles, 'admin'],
        security: [{ [BEARER_SCHEME]: [] }, { [SESSION_SCHEME]: [] }],
        request: {
          params: spec.params,
          query: spec.query,
          body: spec.body
            ? { required: !spec.bodyOptional, content: { 'application/json': { schema: spec.body, examples: spec.examples.request } } }
            : spec.rawBody && { required: true, content: spec.rawBody },
        },
        responses: {
          [spec.response.status]: {
            description: spec.response.description,
            content: { 'application/json': { schema: spec.response.schema, examples: spec.examples.response } },
          },
          ...errorResponses(spec.examples.error, [
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

/** One response per status, listing its codes; the route's example error sits under its own. */
function errorResponses(example: Example<ErrorResponse>, codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const { code: exampleCode } = example.value.error;
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      status,
      {
        description: statusCodes.join(' or '),
        content: {
          'application/json': { schema: errorResponseSchema, ...(statusCodes.includes(exampleCode) && { examples: { [exampleCode]: example } }) },
        },
      },
    ]),
  );
}
