// Audit: a case's timeline from the audit trail (every stage change, decision,
// contact attempt, guard verdict and command, with actor and reason), its raw
// Temporal history, and replay of that history against the current code.
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { auditModel, type AuditRecord } from '../../db/audit';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { Replayer } from '../replay';
import type { RouteTable } from '../route';
import { caseIdParams, cursorQuery, decodeCursor, encodeCursor } from '../schemas';
import { isWorkflowNotFound } from '../temporal-errors';

const AUDIT_ROLES = ['auditor', 'supervisor'] as const;

/** Enum names, 64-bit integers as strings, bytes in base64: what protobuf JSON uses. */
const JSON_FORM = { enums: String, longs: String, bytes: String };

const timelineEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  reason: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export function auditRoutes(api: RouteTable, context: ApiContext, replay: Replayer): void {
  const Audit = auditModel(context.database);

  async function historyOf(caseId: string) {
    try {
      return await context.temporal.workflow.getHandle(caseId).fetchHistory();
    } catch (error) {
      if (isWorkflowNotFound(error)) throw new ApiError('CASE_NOT_FOUND', `Case ${caseId} has no history on the workflow service`);
      throw error;
    }
  }

  api.route({
    method: 'get',
    path: '/v1/cases/:caseId/timeline',
    tag: 'audit',
    summary: "A case's timeline from the audit trail, oldest first",
    description: 'Every event the case recorded, with its actor and reason. Pages by `cursor`; the trail may lag the live case by a moment.',
    roles: [...AUDIT_ROLES],
    params: caseIdParams,
    query: z.strictObject({ ...cursorQuery, limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    response: {
      status: 200,
      description: 'A page of the timeline',
      schema: z.object({ caseId: z.string(), events: z.array(timelineEventSchema), nextCursor: z.string().nullable() }),
    },
    errors: ['CASE_NOT_FOUND'],
    async handler({ params, query }) {
      const afterSeq = decodeCursor(query.cursor, z.number().int());
      const filter = { caseId: params.caseId, ...(afterSeq !== undefined && { seq: { $gt: afterSeq } }) };
      const records = await Audit.find(filter).sort({ seq: 1 }).limit(query.limit + 1).lean<AuditRecord[]>();
      if (!records.length && afterSeq === undefined) await historyOf(params.caseId);
      const page = records.slice(0, query.limit);
      const events = page.map(({ seq, at, type, actor, reason, data }) => ({ seq, at: new Date(at).toISOString(), type, actor, reason, ...(data && { data }) }));
      const nextCursor = records.length > query.limit ? encodeCursor(page[page.length - 1].seq) : null;
      return { body: { caseId: params.caseId, events, nextCursor } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/cases/:caseId/history',
    tag: 'audit',
    summary: "The case's raw Temporal event history (its latest run), as JSON",
    description: 'Events as protobuf objects: enum names, 64-bit integers as strings, bytes in base64. Payloads stay encrypted as stored; decode them with the codec server.',
    roles: [...AUDIT_ROLES],
    params: caseIdParams,
    response: { status: 200, description: 'The history in the Temporal JSON format', schema: z.looseObject({ events: z.array(z.looseObject({})) }) },
    errors: ['CASE_NOT_FOUND'],
    async handler({ params }) {
      // historyToJSON needs the one protobufjs copy @temporalio/common and /proto share, which npm may not give them.
      const { History } = temporal.api.history.v1;
      const history = History.toObject(History.fromObject(await historyOf(params.caseId)), JSON_FORM);
      return { body: history };
    },
  });

  api.route({
    method: 'post',
    path: '/v1/cases/:caseId/replay',
    tag: 'audit',
    summary: "Replay the case's history with the current workflow code",
    description: '`match: true` when the code makes the same decisions the case made; otherwise `divergence` names the first difference.',
    roles: [...AUDIT_ROLES],
    params: caseIdParams,
    response: {
      status: 200,
      description: 'The verdict',
      schema: z.object({ caseId: z.string(), match: z.boolean(), divergence: z.string().optional() }),
    },
    errors: ['CASE_NOT_FOUND'],
    async handler({ params }) {
      const verdict = await replay(params.caseId, await historyOf(params.caseId));
      return { body: { caseId: params.caseId, ...verdict } };
    },
  });
}
