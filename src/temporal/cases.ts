// Opening a case from outside the workflow (API, portfolio sweep, tests). The
// case id derives from the loan id, so opening twice finds the running case.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { type BusinessClock, type Loan, type Strategy } from '../domain';
import { collectionCase } from '../workflows';
import { caseIdFor } from '../domain';
import type { CaseInput, Reopening } from '../workflows/collection-case/case-state';
import * as attributes from '../workflows/search-attributes';

export interface OpenCaseRequest {
  loan: Loan;
  strategy: Strategy;
  clock: BusinessClock;
  openedBy: string;
  taskQueue: string;
  continueAsNewAfterEvents?: number;
  /** Opening a closed case again: its run, and why. */
  reopening?: Reopening;
}

/**
 * Starts the case workflow, or returns the running one (conflict policy
 * USE_EXISTING). A closed case's id may be reused when the loan falls behind again.
 */
export async function openCase(client: Client, request: OpenCaseRequest): Promise<WorkflowHandle<typeof collectionCase>> {
  const input: CaseInput = {
    loan: request.loan,
    strategy: request.strategy,
    clock: request.clock,
    openedBy: request.openedBy,
    continueAsNewAfterEvents: request.continueAsNewAfterEvents,
    ...(request.reopening && { reopening: request.reopening }),
  };
  return client.workflow.start(collectionCase, {
    workflowId: caseIdFor(request.loan.loanId),
    taskQueue: request.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: attributes.caseStage, value: 'monitor' },
      { key: attributes.caseStrategyVersion, value: `${request.strategy.id}@${request.strategy.version}` },
      { key: attributes.caseOutstanding, value: request.loan.outstanding },
    ],
  });
}
