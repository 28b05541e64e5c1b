// A supervisor's commands to a case: each a workflow update the case validates
// before accepting it, so a refused command never reaches its history; and the
// reopen of a closed case, as a new run continuing its timeline.
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Actor, CaseView, CommandName, CommandRequests, MoveStrategyRequest } from '../domain';
import { caseModel, type CaseRecord } from '../db/cases';
import { isWorkflowNotFound } from '../temporal/errors';
import { COMMANDS } from '../workflows/collection-case/messages';
import { caseViewNow } from './case-views';
import { openCaseForLoan, type CaseOpeningDependencies } from './open-case';
import type { CaseServices } from './services';

export type CaseCommandErrorCode =
  | 'CASE_NOT_FOUND'
  | 'CASE_CLOSED'
  | 'CASE_COMMAND_REJECTED'
  | 'STRATEGY_NOT_FOUND'
  | 'CASE_ALREADY_OPEN'
  | 'LOAN_NOT_FOUND'
  | 'LOAN_NOT_OVERDUE';

/** A command the case cannot take, with a stable code for the API to map. */
export class CaseCommandError extends Error {
  override name = 'CaseCommandError';
  constructor(
    readonly code: CaseCommandErrorCode,
    message: string,
    /** With CASE_COMMAND_REJECTED: the case's own reason code (e.g. ALREADY_PAUSED). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** move-strategy as a supervisor gives it: a stored strategy version, which the case receives whole. */
export interface MoveStrategyCommand {
  strategyId: string;
  version: number;
  reason?: string;
}

/** A command's fields as a supervisor gives them; the actor is who gives it. */
export type CommandFields<Name extends CommandName = CommandName> = Name extends 'move-strategy' ? MoveStrategyCommand : Omit<CommandRequests[Name], 'actor'>;

/** What commanding a case needs of the case services. */
export type CaseCommandDependencies = Pick<CaseServices, 'temporal' | 'strategies'>;

/** Answers "is there such a case at all" after the workflow service said not found. */
async function caseExists(temporal: Client, caseId: string): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(caseId).describe();
    return true;
  } catch (error) {
    if (isWorkflowNotFound(error)) return false;
    throw error;
  }
}

async function commandFailure(error: unknown, temporal: Client, caseId: string): Promise<unknown> {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return new CaseCommandError('CASE_COMMAND_REJECTED', error.cause.message, error.cause.type ?? undefined);
  }
  if (isWorkflowNotFound(error)) {
    return (await caseExists(temporal, caseId))
      ? new CaseCommandError(
          'CASE_CLOSED',
          `Case ${caseId} is closed; it takes no more commands (a supervisor reopens it with POST /v1/cases/${caseId}/commands/reopen and a reason)`,
        )
      : new CaseCommandError('CASE_NOT_FOUND', `Case ${caseId} does not exist`);
  }
  return error;
}

/** The request the case receives: move-strategy carries the stored strategy itself. */
async function requestFor(deps: CaseCommandDependencies, name: CommandName, fields: CommandFields, actor: string): Promise<Actor> {
  if (name !== 'move-strategy') return { ...fields, actor };
  const { strategyId, version, ...rest } = fields as MoveStrategyCommand;
  const found = await deps.strategies.get(strategyId, version);
  if (!found) throw new CaseCommandError('STRATEGY_NOT_FOUND', `Strategy ${strategyId} has no version ${version}`);
  const move: MoveStrategyRequest = { ...rest, strategy: found.strategy, actor };
  return move;
}

/**
 * Runs a supervisor's command on a case, as `actor`, and answers with the case
 * view after it. Throws CaseCommandError: CASE_COMMAND_REJECTED with the case's
 * own reason, CASE_CLOSED, CASE_NOT_FOUND, or STRATEGY_NOT_FOUND for a
 * move-strategy to a version that is not stored.
 */
export async function runCaseCommand<Name extends CommandName>(
  deps: CaseCommandDependencies,
  caseId: string,
  name: Name,
  fields: CommandFields<Name>,
  actor: string,
  /** updateId: the case takes a command sent again under the same id once, and answers it as it did the first time. */
  options: { updateId?: string } = {},
): Promise<CaseView> {
  const request = await requestFor(deps, name, fields as CommandFields, actor);
  const update = COMMANDS[name] as UpdateDefinition<CaseView, [Actor]>;
  try {
    return await deps.temporal.workflow.getHandle(caseId).executeUpdate(update, { args: [request], ...(options.updateId && { updateId: options.updateId }) });
  } catch (error) {
    throw await commandFailure(error, deps.temporal, caseId);
  }
}

/**
 * A supervisor's reopen of a closed case: a new run on the default strategy,
 * recording who reopened it and why, when the loan is past due now. Answers with
 * the case as its new run opened it. Throws CaseCommandError: CASE_NOT_FOUND,
 * CASE_ALREADY_OPEN, LOAN_NOT_FOUND or LOAN_NOT_OVERDUE.
 */
export async function reopenCase(deps: CaseOpeningDependencies, caseId: string, actor: string, reason: string): Promise<CaseView> {
  const previous = await caseModel(deps.database).findById(caseId).lean<CaseRecord>();
  if (!previous) throw new CaseCommandError('CASE_NOT_FOUND', `Case ${caseId} does not exist; open one with POST /v1/cases`);
  const opening = await openCaseForLoan(deps, previous.loanId, actor, { reason });
  if (opening.outcome === 'already-open') throw new CaseCommandError('CASE_ALREADY_OPEN', `Case ${caseId} is open; only a closed case can be reopened`);
  if (opening.outcome === 'loan-not-found') throw new CaseCommandError('LOAN_NOT_FOUND', `Loan ${previous.loanId} is no longer in the loan book`);
  if (opening.outcome === 'not-overdue') {
    throw new CaseCommandError('LOAN_NOT_OVERDUE', `Loan ${previous.loanId} has nothing past due today, so there is nothing to collect`);
  }
  return caseViewNow(deps, opening.caseId);
}
