import { isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';

const GRPC_NOT_FOUND = 5;

/** Most client calls raise WorkflowNotFoundError; some (fetchHistory) pass the service's NOT_FOUND through. */
export function isWorkflowNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND);
}
