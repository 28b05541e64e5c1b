// One error shape for every failure the API returns:
//   {"error":{"code":"CASE_CLOSED","message":"...","details":[{"path","message"}]}}
// A contact the compliance guard did not allow also says which rule, why and until when:
//   {"error":{"code":"CLAIM_DEFERRED","message":"...","compliance":{"verdict","rule","reason","until"}}}
// Codes are stable (clients branch on them); messages are sentences a supervisor
// can act on, scrubbed of PII; stack traces never leave the process.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { Logger } from '../logger';
import { redactText } from '../security/redact';

export const ERROR_STATUS = {
  MALFORMED_JSON: 400,
  /** A task report the body schema let through but the work queue refuses (e.g. a token naming no user). */
  INVALID_TASK_OUTCOME: 400,
  /** A claim from a token that names no user. */
  AGENT_NOT_IDENTIFIED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** A token with the agency role that names no agency. */
  AGENCY_NOT_IDENTIFIED: 403,
  /** An agency reporting on a placement made with another agency. */
  PLACEMENT_NOT_YOURS: 403,
  NOT_FOUND: 404,
  LOAN_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  STRATEGY_NOT_FOUND: 404,
  SWEEP_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  PLACEMENT_NOT_FOUND: 404,
  /** A debtor's reply to a message we never sent. */
  MESSAGE_NOT_FOUND: 404,
  /** A report asked for a day no snapshot was taken on. */
  SNAPSHOT_NOT_FOUND: 404,
  CASE_COMMAND_REJECTED: 409,
  CASE_CLOSED: 409,
  /** A reopen of a case that is running. */
  CASE_ALREADY_OPEN: 409,
  PAYMENT_REFERENCE_CONFLICT: 409,
  STRATEGY_VERSION_NOT_NEWER: 409,
  TASK_ALREADY_REPORTED: 409,
  /** An outcome for a call or visit nobody claimed: the guard never allowed it. */
  TASK_NOT_CLAIMED: 409,
  TASK_CLAIMED_BY_ANOTHER: 409,
  /** A task the guard withdrew (cease contact, dispute, case closed). */
  TASK_WITHDRAWN: 409,
  /** The guard allows the contact later: the task is back in the queue then. */
  CLAIM_DEFERRED: 409,
  /** The guard forbids the contact: the task is withdrawn. */
  CLAIM_DENIED: 409,
  /** An agency contact reference reported before with another channel, time or outcome. */
  CONTACT_REFERENCE_CONFLICT: 409,
  NOT_A_CONTACT_TASK: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  LOAN_NOT_OVERDUE: 422,
  IMPORT_HEADER_INVALID: 422,
  /** An agency contact attempt dated after now. */
  CONTACT_IN_FUTURE: 422,
  /** A history to replay of a workflow type the code does not have. */
  UNKNOWN_WORKFLOW_TYPE: 422,
  /** A history to replay whose payloads the codec keyring cannot decrypt (a key missing, or the payload altered). */
  HISTORY_UNDECRYPTABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  TEMPORAL_UNAVAILABLE: 503,
  /** A promotion of a variant the strategy version does not have. */
  VARIANT_NOT_FOUND: 404,
  /** A promotion of the variant that is already the champion. */
  VARIANT_IS_CHAMPION: 409,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Where the problem is: 'body.loan.installments.0.dueDate', 'query.limit', 'params.loanId'. */
  path: string;
  message: string;
}

/** The compliance guard's verdict on a contact it did not allow now. */
export interface ComplianceVerdict {
  verdict: 'defer' | 'deny';
  rule: string;
  reason: string;
  /** ISO-8601 business time from which a deferred contact may happen. */
  until?: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  /** Set for a contact the compliance guard did not allow now. */
  compliance?: ComplianceVerdict;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** The case's own reason code when a workflow rejected a command (e.g. ALREADY_PAUSED). */
    readonly reason?: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  /** A refusal by the compliance guard: the code, and the rule, reason and time it gave. */
  static ofGuard(code: ErrorCode, message: string, compliance: ComplianceVerdict): ApiError {
    const error = new ApiError(code, message);
    error.compliance = compliance;
    return error;
  }
}

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    reason: z.string().optional(),
    compliance: z
      .object({ verdict: z.enum(['defer', 'deny']), rule: z.string(), reason: z.string(), until: z.string().optional() })
      .optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export function errorBody(error: ApiError): ErrorResponse {
  const body: ErrorResponse['error'] = { code: error.code, message: redactText(error.message) };
  if (error.details?.length) {
    body.details = error.details.map(({ path, message }) => ({ path, message: redactText(message) }));
  }
  if (error.reason) body.reason = error.reason;
  if (error.compliance) body.compliance = { ...error.compliance, reason: redactText(error.compliance.reason) };
  return { error: body };
}

/** Any route nobody declared. */
export const notFound: RequestHandler = (req) => {
  throw new ApiError('NOT_FOUND', `No route ${req.method} ${req.path}; see /v1/openapi.json for the routes`);
};

/** body-parser errors carry a `type`; everything else that is not an ApiError is ours to hide. */
function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than the ${limit} bytes this route accepts`);
  }
  if (type === 'entity.parse.failed') return new ApiError('MALFORMED_JSON', 'The request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 encoded');
  }
  if (error instanceof WorkflowNotFoundError) return new ApiError('CASE_NOT_FOUND', `Case ${error.workflowId} does not exist`);
  if (error instanceof ServiceError) {
    return new ApiError('TEMPORAL_UNAVAILABLE', 'The workflow service did not answer; try again shortly');
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = toApiError(error);
    const requestId = res.locals.requestId as string | undefined;
    if (!known || known.status >= 500) logger.error({ err: error, requestId, method: req.method, path: req.path }, 'request failed');
    const apiError = known ?? new ApiError('INTERNAL', `Something went wrong on our side; quote request id ${requestId ?? 'unknown'} when reporting it`);
    res.status(apiError.status).json(errorBody(apiError));
  };
}
