// Every request gets an id (the caller's X-Request-Id when it is a plain token,
// a fresh one otherwise), echoed in the response and on its log line. A case
// command sent again under the caller's same id is applied once. The log
// line holds the method, route, status and duration: never bodies or headers,
// which carry debtors' data and tokens.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

const REQUEST_ID_HEADER = 'X-Request-Id';
const acceptableId = /^[A-Za-z0-9._-]{1,128}$/;

/** The caller's own X-Request-Id when it is a plain token; undefined when the id was made here. */
export function callerRequestId(req: Parameters<RequestHandler>[0]): string | undefined {
  const given = req.get(REQUEST_ID_HEADER);
  return given && acceptableId.test(given) ? given : undefined;
}

export const requestId: RequestHandler = (req, res, next) => {
  const id = callerRequestId(req) ?? randomUUID();
  res.locals.requestId = id;
  res.set(REQUEST_ID_HEADER, id);
  next();
};

/** The route pattern ('/v1/loans/:loanId'), so ids in paths do not spread across log keys and metrics. */
export function routeOf(req: Parameters<RequestHandler>[0]): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = {
        requestId: res.locals.requestId,
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        subject: (res.locals.principal as { subject?: string } | undefined)?.subject,
      };
      if (res.statusCode >= 500) logger.error(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}
