// Supervisor commands: one route per command, each a workflow update. The case
// validates a command before accepting it; a refusal is 409 with the case's own
// reason, and nothing reaches the case's history. The answer is the new case view.
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { CLOSE_OUTCOMES, promiseToPaySchema, viewAsOf, type CaseView } from '../../domain';
import { openCaseForLoan } from '../../cases/open-case';
import { caseModel, type CaseRecord } from '../../db/cases';
import { caseView, COMMANDS } from '../../workflows/collection-case/messages';
import type { Actor, CommandName, MoveStrategyRequest } from '../../domain';
import { caseViewSchema } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { caseIdParams } from '../schemas';
import { isWorkflowNotFound } from '../../temporal/errors';
import { COMMAND_EXAMPLES, REOPEN_EXAMPLES } from './case-command-examples';

const reason = z.string().trim().min(1).max(500);

const COMMAND_BODIES = {
  pause: z.strictObject({
    reason,
    until: z.iso
      .datetime({ offset: true })
      .describe('When the case resumes by itself, in business time (ISO-8601 with offset); left out, a supervisor resumes it')
      .optional(),
  }),
  resume: z.strictObject({ reason: reason.optional() }),
  escalate: z.strictObject({ reason }),
  'promise-to-pay': promiseToPaySchema,
  dispute: z.strictObject({ reason }),
  'resolve-dispute': z.strictObject({ outcome: z.enum(['upheld', 'withdrawn-by-lender']), reason: reason.optional() }),
  'cease-contact': z.strictObject({ reason }),
  'assign-agency': z.strictObject({ agency: z.string().trim().min(1).max(100), reason: reason.optional() }),
  'recall-agency': z.strictObject({ reason }),
  close: z.strictObject({ reason, outcome: z.enum(CLOSE_OUTCOMES).optional() }),
  'move-strategy': z.strictObject({ strategyId: z.string().min(1).max(64), version: z.number().int().positive(), reason: reason.optional() }),
} satisfies Record<CommandName, z.ZodType>;

const SUMMARIES: Record<CommandName, string> = {
  pause: 'Pause outreach (DPD keeps counting); optionally until an instant',
  resume: 'Resume a paused case at the treatment due now',
  escalate: 'Run the next step of the ladder now',
  'promise-to-pay': 'Record a promise to pay: escalation waits for the date; a broken promise escalates',
  dispute: 'Hold outreach while the debtor disputes the debt',
  'resolve-dispute': 'Resolve the open dispute: upheld continues collection, withdrawn closes the case',
  'cease-contact': 'Stop all contact with the debtor (cease-communication request)',
  'assign-agency': 'Place the case with a collection agency',
  'recall-agency': 'Recall the case from its agency',
  close:
    'Close the case; `outcome` says how (closed when not given). written-off, deceased, fraud, sold and settled end collection ' +
    'on the loan for good: no new delinquency opens a case for it again, only a supervisor\'s reopen',
  'move-strategy': 'Move the case to another stored strategy version',
};

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
    return new ApiError('CASE_COMMAND_REJECTED', error.cause.message, undefined, error.cause.type ?? undefined);
  }
  if (isWorkflowNotFound(error)) {
    return (await caseExists(temporal, caseId))
      ? new ApiError('CASE_CLOSED', `Case ${caseId} is closed; it takes no more commands (a supervisor reopens it with POST /v1/cases/${caseId}/commands/reopen and a reason)`)
      : new ApiError('CASE_NOT_FOUND', `Case ${caseId} does not exist`);
  }
  return error;
}

export function caseCommandRoutes(api: RouteTable, context: ApiContext): void {
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    api.route({
      method: 'post',
      path: `/v1/cases/:caseId/commands/${name}`,
      tag: 'case commands',
      summary: SUMMARIES[name],
      description: 'The actor recorded on the case is the caller (the token\'s subject). Answers with the case view after the command.',
      roles: ['supervisor'],
      params: caseIdParams,
      body: COMMAND_BODIES[name] as z.ZodType<Record<string, unknown>>,
      response: { status: 200, description: 'The case after the command', schema: caseViewSchema },
      errors: ['CASE_NOT_FOUND', 'CASE_CLOSED', 'CASE_COMMAND_REJECTED', ...(name === 'move-strategy' ? (['STRATEGY_NOT_FOUND'] as const) : [])],
      examples: { ...COMMAND_EXAMPLES[name], response: { after: COMMAND_EXAMPLES[name].response } },
      async handler({ params, body, principal }) {
        let request: Actor = { ...body, actor: principal.subject };
        if (name === 'move-strategy') {
          const { strategyId, version, ...rest } = body as z.infer<(typeof COMMAND_BODIES)['move-strategy']>;
          const found = await context.strategies.get(strategyId, version);
          if (!found) throw new ApiError('STRATEGY_NOT_FOUND', `Strategy ${strategyId} has no version ${version}`);
          const move: MoveStrategyRequest = { ...rest, strategy: found.strategy, actor: principal.subject };
          request = move;
        }
        const update = COMMANDS[name] as UpdateDefinition<CaseView, [Actor]>;
        try {
          const view = await context.temporal.workflow.getHandle(params.caseId).executeUpdate(update, { args: [request] });
          return { body: view };
        } catch (error) {
          throw await commandFailure(error, context.temporal, params.caseId);
        }
      },
    });
  }

  api.route({
    method: 'post',
    path: '/v1/cases/:caseId/commands/reopen',
    tag: 'case commands',
    summary: 'Reopen a closed case: a new run of it, whose timeline continues the closed one\'s',
    description:
      'For a case closed by mistake, or closed for good and to be worked again. The loan must be past due now. The new run ' +
      'starts on the default strategy and records who reopened it and why (the caller, the token\'s subject, and `reason`).',
    roles: ['supervisor'],
    params: caseIdParams,
    body: z.strictObject({ reason }),
    response: { status: 201, description: 'The case as its new run opened it', schema: caseViewSchema },
    errors: ['CASE_NOT_FOUND', 'CASE_ALREADY_OPEN', 'LOAN_NOT_FOUND', 'LOAN_NOT_OVERDUE'],
    examples: REOPEN_EXAMPLES,
    async handler({ params, body, principal }) {
      const previous = await caseModel(context.database).findById(params.caseId).lean<CaseRecord>();
      if (!previous) throw new ApiError('CASE_NOT_FOUND', `Case ${params.caseId} does not exist; open one with POST /v1/cases`);
      const opening = await openCaseForLoan(context, previous.loanId, principal.subject, { reason: body.reason });
      if (opening.outcome === 'already-open') throw new ApiError('CASE_ALREADY_OPEN', `Case ${params.caseId} is open; only a closed case can be reopened`);
      if (opening.outcome === 'loan-not-found') throw new ApiError('LOAN_NOT_FOUND', `Loan ${previous.loanId} is no longer in the loan book`);
      if (opening.outcome === 'not-overdue') {
        throw new ApiError('LOAN_NOT_OVERDUE', `Loan ${previous.loanId} has nothing past due today, so there is nothing to collect`);
      }
      const view = await context.temporal.workflow.getHandle(opening.caseId).query(caseView);
      return { status: 201, body: viewAsOf(view, context.businessNow()) };
    },
  });
}
