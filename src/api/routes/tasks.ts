// Work queues for people: an agent lists the calls and visits waiting in a
// queue, opens one (with the debtor details its channel needs) and reports how
// it went; the case hears the report. Review tasks (write-off, legal) are
// supervisors' decisions: agents neither list nor open them.
import { z } from 'zod';
import { isoDateSchema, TASK_OUTCOMES } from '../../domain';
import type { DebtorContact } from '../../db/loans';
import { queuePositionOf, workQueue, type TaskRecord } from '../../db/tasks';
import { reportTaskOutcome, TaskReportError, taskReportSchema } from '../../temporal/tasks';
import type { Principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { cursorQuery, decodeCursor, encodeCursor } from '../schemas';

const QUEUE_ROLES = ['agent', 'supervisor'] as const;

/** What each channel's worker needs to reach the debtor, and no more. */
const DEBTOR_FIELDS: Record<string, (keyof DebtorContact)[]> = { phone: ['name', 'phone'], 'field-visit': ['name', 'address'] };

/** Review tasks are supervisors' decisions; agents work calls and visits. */
const seesReviews = (principal: Principal) => principal.roles.some((role) => role === 'supervisor' || role === 'admin');
const mayOpen = (principal: Principal, task: TaskRecord) => task.kind === 'contact' || seesReviews(principal);

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
  status: z.enum(['open', 'done']),
  /** Business time from which the task may be worked. */
  dueAt: z.string(),
  createdAt: z.string(),
  outcome: z.enum(TASK_OUTCOMES).optional(),
  agent: z.string().optional(),
  promise: z.object({ amount: z.number().int(), date: isoDateSchema }).optional(),
  completedAt: z.string().optional(),
});

const debtorSchema = z.object({ name: z.string().optional(), phone: z.string().optional(), address: z.string().optional() });

function taskView(task: TaskRecord): z.infer<typeof taskSchema> {
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
    createdAt: new Date(task.createdAt).toISOString(),
    ...(task.outcome !== undefined && { outcome: task.outcome }),
    ...(task.agent !== undefined && { agent: task.agent }),
    ...(task.promise !== undefined && { promise: task.promise }),
    ...(task.completedAt !== undefined && { completedAt: new Date(task.completedAt).toISOString() }),
  };
}

export function taskRoutes(api: RouteTable, context: ApiContext): void {
  const tasks = workQueue(context.database);

  /** The debtor details an open call or visit needs, from the loan book; none for reviews or worked tasks. */
  async function debtorFor(task: TaskRecord): Promise<z.infer<typeof debtorSchema> | null> {
    const fields = DEBTOR_FIELDS[task.channel];
    if (!fields || task.status !== 'open') return null;
    const contact: DebtorContact = (await context.loans.get(task.loanId))?.contact ?? {};
    return Object.fromEntries(fields.filter((field) => contact[field] !== undefined).map((field) => [field, contact[field]]));
  }

  api.route({
    method: 'get',
    path: '/v1/tasks',
    tag: 'tasks',
    summary: "A work queue's open tasks, longest waiting first",
    description:
      'Ordered by the time from which each task may be worked, then by task id. Agents see the calls and visits of the ' +
      'queue; supervisors also see its review tasks. Pass `nextCursor` as `cursor` for the next page: a cursor is a place ' +
      'in the queue, so tasks worked meanwhile shift nothing. Tasks carry no personal data: open one for the debtor details.',
    roles: [...QUEUE_ROLES],
    query: listQuery,
    response: {
      status: 200,
      description: 'A page of open tasks',
      schema: z.object({ queue: z.string(), tasks: z.array(taskSchema), nextCursor: z.string().nullable() }),
    },
    async handler({ query, principal }) {
      const after = decodeCursor(query.cursor, z.tuple([z.number().int(), z.string()]));
      const kind = seesReviews(principal) ? undefined : 'contact';
      const found = await tasks.openIn(query.queue, query.limit + 1, { after, kind });
      const page = found.slice(0, query.limit);
      const nextCursor = found.length > query.limit ? encodeCursor(queuePositionOf(page[page.length - 1])) : null;
      return { body: { queue: query.queue, tasks: page.map(taskView), nextCursor } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/tasks/:taskId',
    tag: 'tasks',
    summary: 'One task, with the debtor details its channel needs while it is open',
    description:
      'A call carries the debtor\'s name and phone, a field visit their name and address; review tasks and worked tasks ' +
      'carry none (`debtor: null`). Review tasks are for supervisors.',
    roles: [...QUEUE_ROLES],
    params: taskIdParams,
    response: { status: 200, description: 'The task', schema: taskSchema.extend({ debtor: debtorSchema.nullable() }) },
    errors: ['TASK_NOT_FOUND'],
    async handler({ params, principal }) {
      const task = await tasks.get(params.taskId);
      if (!task) throw new ApiError('TASK_NOT_FOUND', `Task ${params.taskId} is in no work queue`);
      if (!mayOpen(principal, task)) throw new ApiError('FORBIDDEN', `Task ${params.taskId} is a ${task.channel}: review tasks are for supervisors`);
      return { body: { ...taskView(task), debtor: await debtorFor(task) } };
    },
  });

  api.route({
    method: 'post',
    path: '/v1/tasks/:taskId/outcome',
    tag: 'tasks',
    summary: 'Report how a call or visit went; the case hears it',
    description:
      'The agent recorded on the task and the case is the caller (the token\'s subject). A promise to pay comes with ' +
      '`promise: {amount, date}` (minor units, YYYY-MM-DD), and only with it. Sending the same report again is safe and ' +
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
    errors: ['TASK_NOT_FOUND', 'NOT_A_CONTACT_TASK', 'TASK_ALREADY_REPORTED', 'INVALID_TASK_OUTCOME'],
    async handler({ params, body, principal }) {
      try {
        const reported = await reportTaskOutcome(context.temporal, context.database, {
          taskId: params.taskId,
          outcome: body.outcome,
          agent: principal.subject,
          ...(body.promise && { promise: body.promise }),
        });
        return { body: { task: taskView(reported.task), caseNotified: reported.caseNotified, duplicate: reported.duplicate } };
      } catch (error) {
        if (error instanceof TaskReportError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
