// Events from the loan system reach a case only when one is open: a loan with
// no case (or a closed one) has nobody to tell, and that is not an error.
import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { caseIdFor } from '../workflows/collection-case/case-state';
import { isWorkflowNotFound } from './temporal-errors';

/** True when the case received the signal, false when no case for the loan is running. */
export async function signalOpenCase<Args extends unknown[]>(
  temporal: Client,
  loanId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(caseIdFor(loanId)).signal(signal, ...args);
    return true;
  } catch (error) {
    if (isWorkflowNotFound(error)) return false;
    throw error;
  }
}
