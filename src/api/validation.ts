// Every path parameter, query parameter and body is parsed with a zod schema
// before a handler runs. Schemas are strict: an unknown field is an error that
// names the field. The parsed values are what handlers read (inputOf).
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { issueDetails } from '../cases/validation-issues';
import { ApiError, type ErrorDetail } from './errors';

export type Location = 'params' | 'query' | 'body';

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may be left out: a request without one validates as an empty object. */
  bodyOptional?: boolean;
}

export interface ParsedInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

export function validationFailed(details: ErrorDetail[]): ApiError {
  const fields = [...new Set(details.map((detail) => detail.path))].slice(0, 5).join(', ');
  return new ApiError('VALIDATION_FAILED', `The request has invalid fields: ${fields}`, details);
}

/** A request that carries content; fetch sends Content-Length: 0 on a POST without a body. */
const sendsBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Parses params, query and body; a failure is 422 VALIDATION_FAILED listing every bad field. */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, res, next) => {
    const bodyLeftOut = schemas.bodyOptional && !sendsBody(req);
    if (schemas.body && req.body === undefined && !bodyLeftOut && !req.is('application/json')) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'This route takes a JSON body: send Content-Type: application/json');
    }
    const input: ParsedInput = { params: undefined, query: undefined, body: undefined };
    const details: ErrorDetail[] = [];
    for (const location of ['params', 'query', 'body'] as const) {
      const schema = schemas[location];
      if (!schema) continue;
      const parsed = schema.safeParse(req[location] ?? {});
      if (parsed.success) input[location] = parsed.data;
      else details.push(...issueDetails(parsed.error.issues, location));
    }
    if (details.length) throw validationFailed(details);
    res.locals.input = input;
    next();
  };
}

export function inputOf(res: Response): ParsedInput {
  const input = res.locals.input as ParsedInput | undefined;
  if (!input) throw new Error('inputOf() called on a route without validate()');
  return input;
}
