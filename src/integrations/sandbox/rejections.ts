// How the sandbox says no, in the shape our providers share:
// {"error":{"code":"INVALID_NUMBER","message":"..."}}. Messages name fields, never values.
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

export class SandboxRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'body'))];
  throw new SandboxRejection(400, 'INVALID_REQUEST', `invalid or unexpected fields: ${fields.join(', ')}`);
}

export function notFound(what: string): SandboxRejection {
  return new SandboxRejection(404, `${what.toUpperCase().replace(/ /g, '_')}_NOT_FOUND`, `no such ${what}`);
}

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof SandboxRejection) return sendError(res, err.status, err.code, err.message);
  if ((err as { type?: string }).type === 'entity.parse.failed') {
    return sendError(res, 400, 'MALFORMED_JSON', 'the body is not valid JSON');
  }
  sendError(res, 500, 'INTERNAL_ERROR', 'internal error');
};
