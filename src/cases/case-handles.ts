// Reaching a case from outside it: a signal that may find the case gone, and
// whether a case runs. Written once, for every use case that tells a case
// something (loan changes, payments, agents' reports, agencies' collections).
import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { isWorkflowNotFound } from '../temporal/errors';

/** True when the case received the signal; false when it is not running (closed, or never opened). */
export async function signalCase<Args extends unknown[]>(temporal: Client, caseId: string, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(caseId).signal(signal, ...args);
    return true;
  } catch (error) {
    if (isWorkflowNotFound(error)) return false;
    throw error;
  }
}

/** Whether the case's latest run is running. */
export async function isRunning(temporal: Client, caseId: string): Promise<boolean> {
  try {
    return (await temporal.workflow.getHandle(caseId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (isWorkflowNotFound(error)) return false;
    throw error;
  }
}
