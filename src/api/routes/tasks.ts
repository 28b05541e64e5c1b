// Work queues for people: an agent lists the calls and visits that may be worked
// now, claims one (the compliance guard decides again, now, and the agent gets
// the debtor details its channel needs and the script to read) and reports how
// it went; the case hears the report. Review tasks (write-off, legal) are supervisors' decisions: agents
// neither list nor open them.
import { z } from 'zod';
import { claimTask, TaskClaimError } from '../../cases/task-claims';
import { reportTaskOutcome, TaskReportError, taskReportSchema } from '../../cases/task-outcomes';
import { debtorDetailsFor, listWorkQueue, openTask, TaskAccessError, type LocalTask } from '../../cases/work-queue';
import { ARREARS_REASONS, isoDateSchema, LOCALES, TASK_OUTCOMES } from '../../domain';
import { CALL_TASK_ID_EXAMPLE, CASE_VIEW_EXAMPLE } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { businessTime, CN_LOAN_EXAMPLE, cursorQuery, decodeCursor, encodeCursor } from '../schemas';

const QUEUE_ROLES = ['agent', 'supervisor'] as const;

const taskIdParams = z.strictObject({ taskId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'a task id such as case-loan-1:3') });

const listQuery = z.strictObject({
  queue: z.string().trim().min(1).max(100),
  ...cursorQuery,
});

const taskSchema = z.object({
  taskId: z.string(),
  caseId: z.string(),
  loanId: z.string(),
  debtorRef: z.string(),
  step: z.string(),
  channel: z.string(),
  kind: z.enum(['contact', 'review']),
  queue: z.string(),
  template: z.string().optional(),
  status: z.enum(['open', 'done', 'withdrawn']),
  dueAt: businessTime('From when the task may be worked: the compliance guard allows the contact from then'),
  /** The rule that moved dueAt later than the task was queued, and why. */
  deferral: z.object({ rule: z.string(), reason: z.string() }).optional(),
  claim: z
    .object({ agent: z.string(), at: businessTime('When the agent took it'), until: businessTime('When the claim lapses: the end of the debtor\'s local day') })
    .describe('Who has the guard\'s leave to work the task, and until when')
    .optional(),
  /** Why a withdrawn task will not be worked. */
  withdrawal: z.object({ rule: z.string(), reason: z.string(), at: z.string() }).optional(),
  createdAt: z.string(),
  outcome: z.enum(TASK_OUTCOMES).optional(),
  agent: z.string().optional(),
  promise: z.object({ amount: z.number().int(), date: isoDateSchema }).optional(),
  /** With a dispute outcome: what the debtor disputes. */
  dispute: z.object({ reason: z.string() }).optional(),
  arrearsReason: z.object({ code: z.enum(ARREARS_REASONS), note: z.string().optional() }).describe('Why the debtor said they fell behind').optional(),
  completedAt: z.string().optional(),
  debtorTimeZone: z.string().describe("The debtor's IANA time zone, from the loan book: the guard judges contact hours by the debtor's local time").optional(),
});

const scriptSchema = z
  .object({ template: z.string(), locale: z.enum(LOCALES), paragraphs: z.array(z.string()) })
  .describe("What the agent says, in the debtor's language, with what is past due today");

const debtorSchema = z.object({ name: z.string().optional(), phone: z.string().optional(), address: z.string().optional() });

const { contact } = CN_LOAN_EXAMPLE;
const AGENT = 'agent-zhao';

/** The call the example case's DPD 30 step queued, waiting in the senior queue. */
const CALL_TASK_EXAMPLE = {
  taskId: CALL_TASK_ID_EXAMPLE,
  caseId: CASE_VIEW_EXAMPLE.caseId,
  loanId: CASE_VIEW_EXAMPLE.loanId,
  debtorRef: CN_LOAN_EXAMPLE.loan.debtor.debtorRef,
  step: 'dpd30-second-demand',
  channel: 'phone',
  kind: 'contact',
  queue: 'senior',
  template: 'senior-collector-call',
  status: 'open',
  dueAt: '2026-11-14T00:00:01.587Z',
  createdAt: '2026-11-14T00:00:01.562Z',
  debtorTimeZone: CN_LOAN_EXAMPLE.loan.debtor.timeZone,
} satisfies z.infer<typeof taskSchema>;

/** The call in the hands of the agent who claimed it, until midnight in Shanghai. */
const CLAIMED_TASK_EXAMPLE = { ...CALL_TASK_EXAMPLE, claim: { agent: AGENT, at: CASE_VIEW_EXAMPLE.asOf, until: '2026-11-16T16:00:00.000Z' } };
const DEBTOR_EXAMPLE = { name: contact.name, phone: contact.phone };
const PROMISE_EXAMPLE = { amount: 210_000, date: '2026-11-30' };
const ARREARS_REASON_EXAMPLE = { code: 'income-drop' as const, note: 'hours cut at the factory since October' };
const SCRIPT_EXAMPLE = {
  template: 'senior-collector-call',
  locale: 'zh-CN' as const,
  paragraphs: [
    `您好，请问是${contact.name}本人吗？……请先核对一下您的出生日期，以确认是您本人接听。`,
    '我是Arrears Demo Lender的[您的姓名]，来电是关于您的账户。',
    '我是高级催收专员。您的账户已逾期32天：自2026年10月15日起有¥2,100.00未还，欠款余额为¥12,600.00。',
  ],
};

function taskView(task: LocalTask): z.infer<typeof taskSchema> {
  return {
    taskId: task.taskId,
    caseId: task.caseId,
    loanId: task.loanId,
    debtorRef: task.debtorRef,
    step: task.step,
    channel: task.channel,
    kind: task.kind,
    queue: task.queue,
    ...(task.template !== undefined && { template: task.template }),
    status: task.status,
    dueAt: new Date(task.dueAt).toISOString(),
    ...(task.deferral && { deferral: { rule: task.deferral.rule, reason: task.deferral.reason } }),
    ...(task.claim && { claim: { agent: task.claim.agent, at: task.claim.at.toISOString(), until: task.claim.until.toISOString() } }),
    ...(task.withdrawal && { withdrawal: { rule: task.withdrawal.rule, reason: task.withdrawal.reason, at: task.withdrawal.at.toISOString() } }),
    createdAt: new Date(task.createdAt).toISOString(),
    ...(task.outcome !== undefined && { outcome: task.outcome }),
    ...(task.agent !== undefined && { agent: task.agent }),
    ...(task.promise !== undefined && { promise: task.promise }),
    ...(task.dispute !== undefined && { dispute: task.dispute }),
    ...(task.arrearsReason !== undefined && { arrearsReason: task.arrearsReason }),
    ...(task.completedAt !== undefined && { completedAt: new Date(task.completedAt).toISOString() }),
    ...(task.debtorTimeZone !== undefined && { debtorTimeZone: task.debtorTimeZone }),
  };
}

export function taskRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/tasks',
    tag: 'tasks',
    summary: "A work queue's tasks that may be worked now, longest waiting first",
    description:
      'Open tasks due by now (business time) that nobody holds, ordered by the time from which each may be worked, then ' +
      'by task id. A task the compliance guard deferred (quiet hours, the day\'s connected calls) is back when it may be ' +
      'worked; one an agent claimed is back when the claim lapses at the end of the debtor\'s local day. Agents see the ' +
      'calls and visits of the queue; supervisors also see its review tasks. Pass `nextCursor` as `cursor` for the next ' +
      'page: a cursor is a place in the queue, so tasks worked meanwhile shift nothing. Tasks carry no personal data: ' +
      'claim one for the debtor details.',
    roles: [...QUEUE_ROLES],
    query: listQuery,
    response: {
      status: 200,
      description: 'A page of open tasks',
      schema: z.object({
        queue: z.string(),
        asOf: businessTime('Now, in business time: the queue holds the tasks that may be worked then'),
        tasks: z.array(taskSchema),
        nextCursor: z.string().nullable(),
      }),
    },
    examples: {
      response: {
        senior: {
          summary: '?queue=senior: one call, waiting since the DPD 30 step',
          value: { queue: 'senior', asOf: CASE_VIEW_EXAMPLE.asOf, tasks: [CALL_TASK_EXAMPLE], nextCursor: null },
        },
      },
      error: {
        summary: 'No queue named',
        value: { error: { code: 'VALIDATION_FAILED', message: 'The request has invalid fields: query.queue', details: [{ path: 'query.queue', message: 'Invalid input: expected string, received undefined' }] } },
      },
    },
    async handler({ query, principal }) {
      const after = decodeCursor(query.cursor, z.tuple([z.number().int(), z.string()]));
      const page = await listWorkQueue(context, principal, { queue: query.queue, limit: query.limit, after });
      const body = { queue: query.queue, asOf: new Date(page.asOfMs).toISOString(), tasks: page.tasks.map(taskView), nextCursor: page.next ? encodeCursor(page.next) : null };
      return { body };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/tasks/:taskId',
    tag: 'tasks',
    summary: 'One task, with the debtor details its channel needs and the script, for the agent who claimed it',
    description:
      'For the agent who claimed it (the compliance guard allowed the contact then), until the claim lapses at the end of ' +
      'the debtor\'s local day, a call carries the debtor\'s name and phone, a field visit their name and address, and ' +
      'both the script for the task\'s template in the debtor\'s language, with what is past due today. ' +
      'Anyone else, review tasks and tasks no longer open get `debtor: null` and `script: null`. Review tasks are for supervisors.',
    roles: [...QUEUE_ROLES],
    params: taskIdParams,
    response: { status: 200, description: 'The task', schema: taskSchema.extend({ debtor: debtorSchema.nullable(), script: scriptSchema.nullable() }) },
    errors: ['TASK_NOT_FOUND'],
    examples: {
      response: {
        claimed: {
          summary: 'For the agent who claimed the call: the debtor\'s name and phone, and the script',
          value: { ...CLAIMED_TASK_EXAMPLE, debtor: DEBTOR_EXAMPLE, script: SCRIPT_EXAMPLE },
        },
        unclaimed: { summary: 'For anyone else: no debtor details, no script', value: { ...CALL_TASK_EXAMPLE, debtor: null, script: null } },
      },
      error: { summary: 'No such task', value: { error: { code: 'TASK_NOT_FOUND', message: `Task ${CASE_VIEW_EXAMPLE.caseId}:99 is in no work queue` } } },
    },
    async handler({ params, principal }) {
      try {
        const { task, debtor, script } = await openTask(context, principal, params.taskId, context.config.LENDER_NAME);
        return { body: { ...taskView(task), debtor, script } };
      } catch (error) {
        if (error instanceof TaskAccessError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });

  api.route({
    method: 'post',
    path: '/v1/tasks/:taskId/claim',
    tag: 'tasks',
    summary: 'Take a call or visit: the compliance guard decides now, and the agent gets the debtor details',
    description:
      'The caller (the token\'s subject) takes the task if the compliance guard allows the contact now, with the ' +
      'debtor\'s country and time zone and the case\'s holds, by the same rules as the case\'s own actions. Where the ' +
      'rules limit connected calls a day (NIFA: 3 per debtor, the lender\'s and the agencies\'), a claimed call counts ' +
      'until its outcome is reported, so agents claiming at once never pass the limit together. The claim holds to the end ' +
      'of the debtor\'s local day; claiming again is safe. 409 CLAIM_DEFERRED: not now, the task leaves the queue until ' +
      '`compliance.until`; 409 CLAIM_DENIED: never (e.g. the debtor asked to cease contact), the task is withdrawn. Both ' +
      'carry `compliance: {verdict, rule, reason}`.',
    roles: [...QUEUE_ROLES],
    params: taskIdParams,
    response: {
      status: 200,
      description: 'The task, now the caller\'s, and the debtor details its channel needs',
      schema: z.object({ task: taskSchema, debtor: debtorSchema.nullable(), compliance: z.object({ profile: z.string(), reason: z.string() }) }),
    },
    errors: [
      'AGENT_NOT_IDENTIFIED',
      'TASK_NOT_FOUND',
      'LOAN_NOT_FOUND',
      'NOT_A_CONTACT_TASK',
      'TASK_ALREADY_REPORTED',
      'TASK_WITHDRAWN',
      'TASK_CLAIMED_BY_ANOTHER',
      'CLAIM_DEFERRED',
      'CLAIM_DENIED',
    ],
    examples: {
      response: {
        claimed: {
          summary: 'The guard allows the call now; the claim holds to midnight in Shanghai',
          value: {
            task: CLAIMED_TASK_EXAMPLE,
            debtor: DEBTOR_EXAMPLE,
            compliance: {
              profile: 'CN_NIFA',
              reason: 'allowed under CN_NIFA: case-cease-contact, nifa-debtor-only, case-dispute-hold, nifa-quiet-22-08, nifa-3-connected-calls-per-day',
            },
          },
        },
      },
      error: {
        summary: 'Not now: quiet hours in Shanghai; the task is back in the queue at 08:00 there',
        value: {
          error: {
            code: 'CLAIM_DEFERRED',
            message:
              `Task ${CALL_TASK_ID_EXAMPLE} may be worked from 2026-11-17T00:00:00.000Z: 23:10 Asia/Shanghai is within quiet hours ` +
              '22:00–08:00 (nifa-quiet-22-08); it is back in the queue then',
            compliance: {
              verdict: 'defer',
              rule: 'nifa-quiet-22-08',
              reason: '23:10 Asia/Shanghai is within quiet hours 22:00–08:00',
              until: '2026-11-17T00:00:00.000Z',
            },
          },
        },
      },
    },
    async handler({ params, principal }) {
      try {
        const { task, contact, profile } = await claimTask(context.temporal, context.database, {
          taskId: params.taskId,
          agent: principal.subject,
          atMs: context.businessNow(),
        });
        return { body: { task: taskView(task), debtor: debtorDetailsFor(task, contact), compliance: { profile, reason: task.claim?.reason ?? '' } } };
      } catch (error) {
        if (!(error instanceof TaskClaimError)) throw error;
        if (!error.compliance) throw new ApiError(error.code, error.message);
        const { verdict, rule, reason, untilMs } = error.compliance;
        throw ApiError.ofGuard(error.code, error.message, { verdict, rule, reason, ...(untilMs !== undefined && { until: new Date(untilMs).toISOString() }) });
      }
    },
  });

  api.route({
    method: 'post',
    path: '/v1/tasks/:taskId/outcome',
    tag: 'tasks',
    summary: 'Report how a call or visit went; the case hears it',
    description:
      'The agent recorded on the task and the case is the caller (the token\'s subject), who must have claimed the task ' +
      '(409 TASK_NOT_CLAIMED otherwise: the compliance guard allows a call when it is taken). A promise to pay comes with ' +
      '`promise: {amount, date}` (minor units, a YYYY-MM-DD business day not yet passed), and only with it. A dispute comes ' +
      'with `dispute: {reason}`, and only with it: the case goes on the dispute hold, as by the dispute command, with the ' +
      'agent as its actor. When the agent reached the debtor (contacted, promise-to-pay, dispute, refused), ' +
      '`arrearsReason: {code, note}` records why the debtor says they fell behind; it is kept on the task. ' +
      'Sending the same report again is safe and ' +
      'answers 200 with `duplicate: true`; a different report on a task already reported is 409 TASK_ALREADY_REPORTED. ' +
      '`caseNotified` is false when the case had closed: the report is kept on the task all the same.',
    roles: [...QUEUE_ROLES],
    params: taskIdParams,
    body: taskReportSchema,
    response: {
      status: 200,
      description: 'The task as reported',
      schema: z.object({ task: taskSchema, caseNotified: z.boolean(), duplicate: z.boolean() }),
    },
    errors: ['TASK_NOT_FOUND', 'NOT_A_CONTACT_TASK', 'TASK_ALREADY_REPORTED', 'TASK_NOT_CLAIMED', 'TASK_CLAIMED_BY_ANOTHER', 'TASK_WITHDRAWN', 'INVALID_TASK_OUTCOME'],
    examples: {
      request: {
        promise: {
          summary: 'The debtor promised installment 4 by the end of the month; their hours were cut',
          value: { outcome: 'promise-to-pay', promise: PROMISE_EXAMPLE, arrearsReason: ARREARS_REASON_EXAMPLE },
        },
        dispute: { summary: 'The debtor says installment 3 was paid in cash at the branch', value: { outcome: 'dispute', dispute: { reason: 'says installment 3 was paid in cash at the branch' } } },
        'no-answer': { summary: 'Nobody answered', value: { outcome: 'no-answer' } },
      },
      response: {
        reported: {
          summary: 'Reported; the case holds its ladder for the promise',
          value: {
            task: {
              ...CLAIMED_TASK_EXAMPLE,
              status: 'done',
              outcome: 'promise-to-pay',
              agent: AGENT,
              promise: PROMISE_EXAMPLE,
              arrearsReason: ARREARS_REASON_EXAMPLE,
              completedAt: '2026-11-16T03:07:42.310Z',
            },
            caseNotified: true,
            duplicate: false,
          },
        },
      },
      error: {
        summary: 'Reported already, differently',
        value: {
          error: {
            code: 'TASK_ALREADY_REPORTED',
            message: `Task ${CALL_TASK_ID_EXAMPLE} was already reported as no-answer by ${AGENT}; ask a supervisor to correct the case`,
          },
        },
      },
    },
    async handler({ params, body, principal }) {
      try {
        const reported = await reportTaskOutcome(context.temporal, context.database, {
          taskId: params.taskId,
          outcome: body.outcome,
          agent: principal.subject,
          ...(body.promise && { promise: body.promise }),
          ...(body.dispute && { dispute: body.dispute }),
          ...(body.arrearsReason && { arrearsReason: body.arrearsReason }),
          atMs: context.businessNow(),
        });
        return { body: { task: taskView(reported.task), caseNotified: reported.caseNotified, duplicate: reported.duplicate } };
      } catch (error) {
        if (error instanceof TaskReportError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
