// Supervisor commands: one route per command, each a workflow update. The case
// validates a command before accepting it; a refusal is 409 with the case's own
// reason, and nothing reaches the case's history. The answer is the new case view.
import { z } from 'zod';
import {
  CLOSE_OUTCOMES,
  COMMAND_NAMES,
  isoDateSchema,
  OVERDUE_REASON_CODES,
  PLAN_ACCEPTANCE_CHANNELS,
  promiseToPaySchema,
  REVIEW_KINDS,
  REVIEW_OUTCOMES,
  type CommandName,
} from '../../domain';
import { CaseCommandError, reopenCase, runCaseCommand, type CommandFields } from '../../cases/case-commands';
import { caseViewSchema } from '../case-schemas';
import type { ApiContext } from '../context';
import { callerRequestId } from '../request-context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { caseIdParams } from '../schemas';
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
  'record-reason': z.strictObject({
    code: z.enum(OVERDUE_REASON_CODES).describe('Why the loan is overdue (逾期原因), from the coded list'),
    note: reason.describe('What the supervisor learned, briefly').optional(),
  }),
  'offer-settlement': z.strictObject({
    amount: z.number().int().positive().describe('Minor units the debtor pays to settle: less than the outstanding balance; the rest is written off when paid'),
    by: isoDateSchema.describe('The last business day (YYYY-MM-DD) to pay; the offer lapses at its end. At most the policy\'s maxDaysToPay ahead'),
    reason: reason.optional(),
  }),
  'approve-settlement': z.strictObject({ reason: reason.optional() }),
  'reject-settlement': z.strictObject({ reason }),
  'hardship-hold': z.strictObject({
    reason,
    until: isoDateSchema.describe('The last business day (YYYY-MM-DD) of the hold; at most the policy\'s hardship.maxHoldDays ahead'),
    code: z.enum(OVERDUE_REASON_CODES).describe('The overdue reason behind the hardship, e.g. income-drop or illness').optional(),
  }),
  'end-hardship-hold': z.strictObject({ reason }),
  'propose-plan': z.strictObject({
    payments: z.number().int().min(1).max(120).describe('How many payments'),
    firstDate: isoDateSchema.describe('The business day (YYYY-MM-DD) the first payment is due'),
    intervalDays: z.number().int().min(1).max(366).describe('Days between payments; 30 when left out').optional(),
    total: z.number().int().positive().describe('Minor units the plan pays in all; left out, the amount past due now').optional(),
    note: reason.describe('What was agreed with the debtor, briefly').optional(),
  }),
  'accept-plan': z.strictObject({ channel: z.enum(PLAN_ACCEPTANCE_CHANNELS).describe('How the debtor accepted the proposed plan') }),
  'cancel-plan': z.strictObject({ reason }),
  'resolve-review': z.strictObject({
    kind: z.enum(REVIEW_KINDS).describe('The hold under review: fraud-review (fraud or identity theft reported) or deceased'),
    outcome: z.enum(REVIEW_OUTCOMES).describe('confirmed closes the case (fraud, deceased); not-confirmed lifts the hold and the ladder resumes'),
    reason: reason.describe('What the review found').optional(),
  }),
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
  'record-reason':
    'Record why the loan is overdue (逾期原因): the code becomes the case\'s latest reason, which the view shows with its history ' +
    'and reason conditions in the strategy read; on the default strategy fraud puts the case on the fraud-review hold with a ' +
    'task in the fraud-review queue, deceased stops all contact with a task in the estate queue, dispute puts the dispute hold',
  'offer-settlement':
    'Offer a settlement (减免 / 和解): the debtor pays `amount` by `by` and the rest is written off. A discount above the strategy\'s ' +
    'approval threshold waits for a second person\'s approval (the ladder goes on meanwhile); otherwise it is offered at once and the ' +
    'case waits in arrangement for the date. Paid in full by then, the case closes settled; unpaid, the ladder resumes',
  'approve-settlement':
    'Approve a settlement waiting for approval: four eyes, so the caller must not be its proposer (refused with reason FOUR_EYES)',
  'reject-settlement': 'Reject a settlement pending approval or offered: the hold is lifted and the ladder goes on',
  'hardship-hold': 'Put the case on a hardship hold until a date: contact and the ladder stop, and resume by themselves when it ends',
  'end-hardship-hold': 'End a hardship hold early: the ladder resumes at the DPD reached',
  'propose-plan':
    'Propose a repayment plan (分期): N payments from a first date, the total (the amount past due now, unless given) split exactly. ' +
    'The strategy\'s plan policy sets the most payments, the longest term, the smallest payment and the buckets a plan is offered in',
  'accept-plan':
    'Record that the debtor accepted the proposed plan, and how: the ladder stops and the case waits in the arrangement stage while ' +
    'each payment is watched until its grace ends; a missed payment breaks the plan and the ladder resumes at the DPD reached',
  'cancel-plan': 'Cancel the proposed or active repayment plan; an active plan\'s hold goes and the ladder resumes',
  'resolve-review':
    'Resolve a fraud-review or deceased hold an overdue reason put: confirmed closes the case as fraud or deceased (for good); ' +
    'not-confirmed lifts the hold and the ladder resumes at the DPD reached',
};

/** Commands an agent may give as well as a supervisor: a plan is agreed on the phone or at the door. */
const AGENT_COMMANDS: readonly CommandName[] = ['propose-plan', 'accept-plan'];

/** The API's answer to a command the case cannot take. */
function commandError(error: unknown): unknown {
  return error instanceof CaseCommandError ? new ApiError(error.code, error.message, undefined, error.reason) : error;
}

export function caseCommandRoutes(api: RouteTable, context: ApiContext): void {
  for (const name of COMMAND_NAMES) {
    api.route({
      method: 'post',
      path: `/v1/cases/:caseId/commands/${name}`,
      tag: 'case commands',
      summary: SUMMARIES[name],
      description:
        'The actor recorded on the case is the caller (the token\'s subject). Answers with the case view after the command. ' +
        'Sent again with the same X-Request-Id (a retry after a timeout or a lost connection, to any API process), the command ' +
        'is applied once and answered as the first time.',
      roles: AGENT_COMMANDS.includes(name) ? ['supervisor', 'agent'] : ['supervisor'],
      params: caseIdParams,
      body: COMMAND_BODIES[name] as z.ZodType<Record<string, unknown>>,
      response: { status: 200, description: 'The case after the command', schema: caseViewSchema },
      errors: ['CASE_NOT_FOUND', 'CASE_CLOSED', 'CASE_COMMAND_REJECTED', ...(name === 'move-strategy' ? (['STRATEGY_NOT_FOUND'] as const) : [])],
      examples: { ...COMMAND_EXAMPLES[name], response: { after: COMMAND_EXAMPLES[name].response } },
      async handler({ params, body, principal }, req) {
        // The caller's request id makes a retry the same Temporal update: the case applies it once.
        const retryId = callerRequestId(req);
        try {
          const updateId = retryId && `${name}:${retryId}`;
          return { body: await runCaseCommand(context, params.caseId, name, body as CommandFields, principal.subject, { updateId }) };
        } catch (error) {
          throw commandError(error);
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
      try {
        return { status: 201, body: await reopenCase(context, params.caseId, principal.subject, body.reason) };
      } catch (error) {
        throw commandError(error);
      }
    },
  });
}
