// Cases: open one for an overdue loan, list them from the read model with
// filters, and show one live (the workflow's own view) with its read-model row.
import { z } from 'zod';
import { BUCKETS, SEGMENTS } from '../../domain';
import { openCaseForLoan } from '../../activities/portfolio';
import { caseModel, caseViewModel, type CaseRecord } from '../../db/cases';
import { caseView } from '../../workflows/collection-case/messages';
import { STAGES, type CaseView } from '../../workflows/collection-case/case-view';
import { caseSummary, caseSummarySchema, caseViewSchema } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { caseIdParams, cursorQuery, decodeCursor, encodeCursor, loanIdSchema } from '../schemas';
import { isWorkflowNotFound } from '../temporal-errors';

const VIEW_ROLES = ['supervisor', 'agent', 'auditor'] as const;

const listQuery = z
  .strictObject({
    status: z.enum(['open', 'closed']).optional(),
    stage: z.enum(STAGES).optional(),
    bucket: z.enum(BUCKETS.map((bucket) => bucket.name) as [string, ...string[]]).optional(),
    classification: z.string().min(1).max(40).optional(),
    segment: z.enum(SEGMENTS).optional(),
    paused: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    agency: z.string().min(1).max(100).optional(),
    dpdMin: z.coerce.number().int().nonnegative().optional(),
    dpdMax: z.coerce.number().int().nonnegative().optional(),
    strategyVersion: z.string().regex(/^[a-z0-9-]+@\d+$/, 'strategy id@version, e.g. default@1').optional(),
    ...cursorQuery,
  })
  .refine((query) => query.dpdMin === undefined || query.dpdMax === undefined || query.dpdMin <= query.dpdMax, {
    path: ['dpdMax'],
    message: 'must not be below dpdMin',
  });

export function caseRoutes(api: RouteTable, context: ApiContext): void {
  const Case = caseModel(context.database);
  const CaseView = caseViewModel(context.database);

  /** The workflow's own view; undefined when it is gone or cannot answer, so the read model serves. */
  async function liveView(caseId: string): Promise<CaseView | undefined> {
    try {
      return await context.temporal.workflow.getHandle(caseId).query(caseView);
    } catch (error) {
      if (!isWorkflowNotFound(error)) context.logger.warn({ caseId, err: error }, 'case query failed; serving the read model');
      return undefined;
    }
  }

  api.route({
    method: 'post',
    path: '/v1/cases',
    tag: 'cases',
    summary: 'Open a case for an overdue loan in the loan book',
    description: 'Idempotent: a loan whose case is open answers 200 with that case. The case starts on the default strategy.',
    roles: ['supervisor'],
    body: z.strictObject({ loanId: loanIdSchema }),
    response: {
      status: 201,
      description: 'Opened (200 when the case was already open)',
      schema: z.object({ outcome: z.enum(['opened', 'already-open']), case: caseViewSchema }),
    },
    errors: ['LOAN_NOT_FOUND', 'LOAN_NOT_OVERDUE'],
    async handler({ body, principal }) {
      const deps = { ...context, taskQueue: context.config.TEMPORAL_TASK_QUEUE };
      const opening = await openCaseForLoan(deps, body.loanId, principal.subject);
      if (opening.outcome === 'loan-not-found') throw new ApiError('LOAN_NOT_FOUND', `Loan ${body.loanId} is not in the loan book`);
      if (opening.outcome === 'not-overdue') {
        throw new ApiError('LOAN_NOT_OVERDUE', `Loan ${body.loanId} has nothing past due today, so it needs no collection case`);
      }
      const view = await context.temporal.workflow.getHandle(opening.caseId).query(caseView);
      return { status: opening.outcome === 'opened' ? 201 : 200, body: { outcome: opening.outcome, case: view } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/cases',
    tag: 'cases',
    summary: 'List cases, filtered, from the read model',
    description:
      'Filters combine with AND. `strategyVersion` is `id@version`. Ordered by caseId; pass `nextCursor` as `cursor` for the next page. ' +
      'The read model follows each case closely but may lag it by a moment.',
    roles: [...VIEW_ROLES],
    query: listQuery,
    response: {
      status: 200,
      description: 'A page of cases',
      schema: z.object({ cases: z.array(caseSummarySchema), nextCursor: z.string().nullable() }),
    },
    async handler({ query }) {
      const after = decodeCursor(query.cursor, z.string());
      const filter: Record<string, unknown> = {};
      for (const field of ['status', 'stage', 'bucket', 'classification', 'segment', 'paused', 'agency', 'strategyVersion'] as const) {
        if (query[field] !== undefined) filter[field] = query[field];
      }
      if (query.dpdMin !== undefined || query.dpdMax !== undefined) {
        filter.daysPastDue = { ...(query.dpdMin !== undefined && { $gte: query.dpdMin }), ...(query.dpdMax !== undefined && { $lte: query.dpdMax }) };
      }
      if (after !== undefined) filter.caseId = { $gt: after };
      const records = await Case.find(filter).sort({ caseId: 1 }).limit(query.limit + 1).lean<CaseRecord[]>();
      const page = records.slice(0, query.limit);
      const nextCursor = records.length > query.limit ? encodeCursor(page[page.length - 1].caseId) : null;
      return { body: { cases: page.map(caseSummary), nextCursor } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/cases/:caseId',
    tag: 'cases',
    summary: 'One case: the live view from its workflow, and its read-model row',
    description: 'When the workflow cannot answer (e.g. its history was archived), the last view in the read model is returned with `source: "read-model"`.',
    roles: [...VIEW_ROLES],
    params: caseIdParams,
    response: {
      status: 200,
      description: 'The case',
      schema: z.object({ source: z.enum(['live', 'read-model']), case: caseViewSchema, readModel: caseSummarySchema.nullable() }),
    },
    errors: ['CASE_NOT_FOUND'],
    async handler({ params }) {
      const [record, live] = await Promise.all([Case.findById(params.caseId).lean<CaseRecord>(), liveView(params.caseId)]);
      const readModel = record ? caseSummary(record) : null;
      if (live) return { body: { source: 'live', case: live, readModel } };
      const stored = record && (await CaseView.findById(params.caseId).lean());
      if (stored) return { body: { source: 'read-model', case: stored.view, readModel } };
      throw new ApiError('CASE_NOT_FOUND', `Case ${params.caseId} does not exist`);
    },
  });
}
