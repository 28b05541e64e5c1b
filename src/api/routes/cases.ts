// Cases: open one for an overdue loan, list them from the read model with
// filters, show one live (the workflow's own view) with its read-model row and
// the debtor's contact details masked, and reveal those to a supervisor who
// gives a reason: every reveal is recorded before the answer, and the case's
// timeline shows it.
import { z } from 'zod';
import { BUCKETS, SEGMENTS, STAGES } from '../../domain';
import { CASE_SORTS, listCases, positionOf, type CaseSort } from '../../cases/case-list';
import { caseDetailWithParticulars, caseViewNow, CaseNotFoundError } from '../../cases/case-views';
import { revealContact } from '../../cases/contact-reveal';
import { openCaseForLoan } from '../../cases/open-case';
import {
  CASE_PARTICULARS_EXAMPLE,
  CASE_SUMMARY_EXAMPLE,
  CASE_VIEW_EXAMPLE,
  RESTRUCTURED_CASE_VIEW_EXAMPLE,
  caseParticularsSchema,
  caseSummary,
  caseSummarySchema,
  caseViewSchema,
  revealedContactSchema,
} from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { caseIdParams, CN_LOAN_EXAMPLE, cursorQuery, decodeCursor, encodeCursor, loanIdSchema } from '../schemas';

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
    variant: z.string().min(1).max(40).optional(),
    balanceMin: z.coerce.number().int().nonnegative().optional(),
    balanceMax: z.coerce.number().int().nonnegative().optional(),
    sort: z.enum(CASE_SORTS).default('caseId'),
    ...cursorQuery,
  })
  .refine((query) => query.dpdMin === undefined || query.dpdMax === undefined || query.dpdMin <= query.dpdMax, {
    path: ['dpdMax'],
    message: 'must not be below dpdMin',
  })
  .refine((query) => query.balanceMin === undefined || query.balanceMax === undefined || query.balanceMin <= query.balanceMax, {
    path: ['balanceMax'],
    message: 'must not be below balanceMin',
  });

/** A cursor holds the sort it was made for, and the last row's sort key and caseId. */
const listCursor = z.tuple([z.enum(CASE_SORTS), z.union([z.string(), z.number()]), z.string()]);

function listPosition(cursor: string | undefined, sort: CaseSort) {
  const position = decodeCursor(cursor, listCursor);
  if (!position) return undefined;
  const [madeFor, key, caseId] = position;
  if (madeFor !== sort) {
    throw new ApiError('VALIDATION_FAILED', 'The request has invalid fields: query.cursor', [
      { path: 'query.cursor', message: `the cursor is for sort=${madeFor}; start again without a cursor to sort by ${sort}` },
    ]);
  }
  return { key, caseId };
}

export function caseRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/cases',
    tag: 'cases',
    summary: 'Open a case for an overdue loan in the loan book',
    description:
      'Idempotent: a loan whose case is open answers 200 with that case. The case starts on the default strategy. A loan whose ' +
      'case closed gets a new run of it (201, `reopened`) only on a new delinquency after the closure: the installment it is ' +
      'late on fell due on or after the day the case closed. Otherwise, and always after a closure that ends collection for ' +
      'good (written-off, deceased, fraud, sold, settled), it is 409 CASE_CLOSED: a supervisor reopens a closed case with ' +
      '`POST /v1/cases/{caseId}/commands/reopen` and a reason.',
    roles: ['supervisor'],
    body: z.strictObject({ loanId: loanIdSchema }),
    response: {
      status: 201,
      description: 'Opened or reopened (200 when the case was already open)',
      schema: z.object({ outcome: z.enum(['opened', 'reopened', 'already-open']), case: caseViewSchema }),
    },
    errors: ['LOAN_NOT_FOUND', 'LOAN_NOT_OVERDUE', 'CASE_CLOSED'],
    examples: {
      request: { cn: { summary: 'The CN loan', value: { loanId: CASE_VIEW_EXAMPLE.loanId } } },
      response: {
        'already-open': { summary: 'Its case was open already: 200, and the case as it is', value: { outcome: 'already-open', case: CASE_VIEW_EXAMPLE } },
      },
      error: {
        summary: 'Nothing is past due',
        value: { error: { code: 'LOAN_NOT_OVERDUE', message: 'Loan L-US-2025-118305 has nothing past due today, so it needs no collection case' } },
      },
    },
    async handler({ body, principal }) {
      const opening = await openCaseForLoan(context, body.loanId, principal.subject);
      if (opening.outcome === 'loan-not-found') throw new ApiError('LOAN_NOT_FOUND', `Loan ${body.loanId} is not in the loan book`);
      if (opening.outcome === 'not-overdue') {
        throw new ApiError('LOAN_NOT_OVERDUE', `Loan ${body.loanId} has nothing past due today, so it needs no collection case`);
      }
      if (opening.outcome === 'stayed-closed') throw new ApiError('CASE_CLOSED', `Not reopened: ${opening.reason}`);
      const view = await caseViewNow(context, opening.caseId);
      return { status: opening.outcome === 'already-open' ? 200 : 201, body: { outcome: opening.outcome, case: view } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/cases',
    tag: 'cases',
    summary: 'List cases, filtered, from the read model',
    description:
      'Filters combine with AND. `strategyVersion` is `id@version`; `balanceMin` and `balanceMax` are minor units. `sort` orders by ' +
      'caseId (the default), `-dpd` (most days past due first) or `dpd`, `-balance` (largest first) or `balance`, ties by caseId; ' +
      'pass `nextCursor` as `cursor`, with the same sort, for the next page. ' +
      'DPD, bucket and classification are as of now (business time): an open case\'s DPD counts from its oldest unpaid due date, ' +
      'so `dpdMin`, `dpdMax`, `bucket` and `classification` select on today\'s figures however long ago the case last woke. A loan ' +
      'restructured (`restructuredOn`) is graded at least its scheme\'s floor (次级) while it is observed (12 months), and lists under ' +
      'that grade until then; `classificationReason` says why a row has its grade. A closed ' +
      'case shows the figures it closed with. The rest of a row follows its case closely but may lag it by a moment.',
    roles: [...VIEW_ROLES],
    query: listQuery,
    response: {
      status: 200,
      description: 'A page of cases',
      schema: z.object({ cases: z.array(caseSummarySchema), nextCursor: z.string().nullable() }),
    },
    examples: {
      response: {
        page: {
          summary: '?bucket=M2&paused=false&limit=1: one case, and the cursor for the next page',
          value: { cases: [CASE_SUMMARY_EXAMPLE], nextCursor: encodeCursor(['caseId', CASE_SUMMARY_EXAMPLE.caseId, CASE_SUMMARY_EXAMPLE.caseId]) },
        },
      },
      error: {
        summary: 'A filter out of range',
        value: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request has invalid fields: query.dpdMax',
            details: [{ path: 'query.dpdMax', message: 'must not be below dpdMin' }],
          },
        },
      },
    },
    async handler({ query }) {
      const { cursor, ...request } = query;
      const { cases, more } = await listCases(context, { ...request, after: listPosition(cursor, query.sort) });
      const last = more && positionOf(cases[cases.length - 1], query.sort);
      const nextCursor = last ? encodeCursor([query.sort, last.key, last.caseId]) : null;
      return { body: { cases: cases.map(caseSummary), nextCursor } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/cases/:caseId',
    tag: 'cases',
    summary: 'One case: the live view from its workflow, and its read-model row',
    description:
      'When the workflow cannot answer (e.g. its history was archived), the last view in the read model is returned with `source: "read-model"`. ' +
      'DPD, bucket and classification are as of now (business time, `asOf`), not as of the case\'s last turn; `classification.reason` ' +
      'says why the grade (the DPD, or the floor of a restructuring under observation, until `classification.observedUntil`). `waitingFor` says what the ' +
      'case waits for and until when, the first entry being what holds its next move. Beside the case: the loan, the debtor\'s ' +
      'contact details masked (`POST /v1/cases/{caseId}/contact/reveal` shows them and records who did), the ladder step by step, ' +
      'the payments received and each contact attempt with the compliance guard\'s verdict.',
    roles: [...VIEW_ROLES],
    params: caseIdParams,
    response: {
      status: 200,
      description: 'The case',
      schema: z.object({ source: z.enum(['live', 'read-model']), case: caseViewSchema, readModel: caseSummarySchema.nullable() }).extend(caseParticularsSchema.shape),
    },
    errors: ['CASE_NOT_FOUND'],
    examples: {
      response: {
        live: {
          summary: 'The CN case: what it waits for, and its read-model row',
          value: { source: 'live', case: CASE_VIEW_EXAMPLE, readModel: CASE_SUMMARY_EXAMPLE, ...CASE_PARTICULARS_EXAMPLE },
        },
        restructured: {
          summary: 'A restructured loan under observation: 次级 at 32 DPD, with the reason and the observation\'s end',
          value: {
            source: 'live',
            case: RESTRUCTURED_CASE_VIEW_EXAMPLE,
            readModel: {
              ...CASE_SUMMARY_EXAMPLE,
              classification: '次级',
              npl: true,
              classificationReason: RESTRUCTURED_CASE_VIEW_EXAMPLE.classification.reason!,
              restructuredOn: '2026-09-01',
            },
            ...CASE_PARTICULARS_EXAMPLE,
          },
        },
      },
      error: { summary: 'No such case', value: { error: { code: 'CASE_NOT_FOUND', message: 'Case case-L-CN-2025-009999 does not exist' } } },
    },
    async handler({ params }) {
      try {
        const { source, view, row, particulars } = await caseDetailWithParticulars(context, params.caseId);
        return { body: { source, case: view, readModel: row ? caseSummary(row) : null, ...particulars } };
      } catch (error) {
        if (error instanceof CaseNotFoundError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });

  api.route({
    method: 'post',
    path: '/v1/cases/:caseId/contact/reveal',
    tag: 'cases',
    summary: "Reveal the debtor's contact details on a case, recording who did and why",
    description:
      'The reveal (the caller, the token\'s subject, the business time and `reason`) is recorded before the answer, and shows in the ' +
      'case\'s timeline as a `contact-revealed` event. `GET /v1/cases/{caseId}` keeps showing the details masked.',
    roles: ['supervisor'],
    params: caseIdParams,
    body: z.strictObject({ reason: z.string().trim().min(1).max(500).describe('Why the details are needed, e.g. the call the supervisor is about to make') }),
    response: { status: 200, description: 'The contact details, whole', schema: revealedContactSchema },
    errors: ['CASE_NOT_FOUND'],
    examples: {
      request: { call: { summary: 'Before calling the debtor back', value: { reason: 'debtor asked for a call back about a payment plan' } } },
      response: {
        revealed: {
          summary: 'The CN case\'s debtor',
          value: {
            caseId: CASE_VIEW_EXAMPLE.caseId,
            loanId: CASE_VIEW_EXAMPLE.loanId,
            contact: CN_LOAN_EXAMPLE.contact,
            revealedBy: 'supervisor-li',
            revealedAt: '2026-11-16T03:04:10.000Z',
          },
        },
      },
      error: { summary: 'No such case', value: { error: { code: 'CASE_NOT_FOUND', message: 'Case case-L-CN-2025-009999 does not exist' } } },
    },
    async handler({ params, body, principal }, _req, res) {
      try {
        const revealed = await revealContact(context, params.caseId, principal.subject, body.reason);
        res.set('Cache-Control', 'no-store');
        return { body: revealed };
      } catch (error) {
        if (error instanceof CaseNotFoundError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
