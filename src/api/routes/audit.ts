// Audit: a case's timeline from the audit trail (every stage change, decision,
// contact attempt, guard verdict and command, with actor and reason), its raw
// Temporal history, and replay against the current code of that history or of
// a history file an auditor holds.
import { z } from 'zod';
import { HistoryFormatError, historyJsonSchema, replayCase, replayHistoryJson, UnreplayableHistoryError, type Replayer } from '../../cases/replay';
import { CaseHistoryNotFoundError, caseHistoryJson, caseTimeline } from '../../cases/timeline';
import { CASE_VIEW_EXAMPLE } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { businessTime, caseIdParams, cursorQuery, decodeCursor, encodeCursor } from '../schemas';
import { validationFailed } from '../validation';

const AUDIT_ROLES = ['auditor', 'supervisor'] as const;

/** Where an auditor posts a history file; app.ts gives it its own body limit. */
export const HISTORY_REPLAY_PATH = '/v1/audit/replay';
/**
 * Temporal suggests continuing as new past 4 MB of (binary) history and refuses
 * past 50 MB; the JSON of a history is two to three times its binary size, so a
 * case's run fits with room, where API_BODY_LIMIT (1 MB) would refuse a long one.
 */
export const HISTORY_BODY_LIMIT = '32mb';

const verdictSchema = {
  match: z.boolean(),
  divergence: z.string().optional().describe("The SDK's message for the first difference, as it wrote it"),
  firstDivergence: z
    .object({
      kind: z.enum(['nondeterminism', 'workflow-task-failure']),
      eventId: z.number().int().nullable(),
      eventType: z.string().nullable(),
      codeDid: z.string().nullable(),
      historyHolds: z.string().nullable(),
    })
    .optional()
    .describe('The first difference as fields: the history event, what the current code did there and what the history holds; null where the message does not tell'),
};

/**
 * The use cases' refusals as the API answers them. A field of a posted history
 * that does not read as its type is invalid like any other.
 */
function asApiError(error: unknown): unknown {
  if (error instanceof CaseHistoryNotFoundError || error instanceof UnreplayableHistoryError) return new ApiError(error.code, error.message);
  if (error instanceof HistoryFormatError) return validationFailed([{ path: 'body', message: error.message }]);
  return error;
}

const timelineEventSchema = z.object({
  seq: z.number().int(),
  at: businessTime('When it happened'),
  type: z.string(),
  actor: z.string(),
  reason: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});

const { caseId } = CASE_VIEW_EXAMPLE;
const STARTED_AT = '2026-10-16T01:00:00.118Z';
const TASK_QUEUE = { name: 'arrears-cases', kind: 'TASK_QUEUE_KIND_NORMAL' };

/** The first events of the example case's history, as GET …/history writes it and POST /v1/audit/replay reads it. */
const HISTORY_EXAMPLE = {
  events: [
    {
      eventId: '1',
      eventTime: STARTED_AT,
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: 'collectionCase' },
        workflowId: caseId,
        taskQueue: TASK_QUEUE,
        input: {
          payloads: [
            {
              metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'azIwMjUwMTAx' },
              data: 'i3GdsJVDswitCmprF+LC2W5Rb3YPGkvQVyZA615lNMmv/BzXlqVinkhOF1G/cWrLcb/ytHvx2plHN8Wp',
            },
          ],
        },
        workflowTaskTimeout: '10s',
        originalExecutionRunId: '5b0e9a3c-41d2-4f7e-9c1a-2f8d6e0b7a14',
        firstExecutionRunId: '5b0e9a3c-41d2-4f7e-9c1a-2f8d6e0b7a14',
        attempt: 1,
      },
    },
    {
      eventId: '2',
      eventTime: STARTED_AT,
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      workflowTaskScheduledEventAttributes: { taskQueue: TASK_QUEUE, startToCloseTimeout: '10s', attempt: 1 },
    },
    {
      eventId: '3',
      eventTime: '2026-10-16T01:00:00.131Z',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      workflowTaskStartedEventAttributes: { scheduledEventId: '2', identity: '1@arrears-worker-7c9f', historySizeBytes: '2318' },
    },
  ],
};

const DIVERGED_EXAMPLE = {
  match: false,
  divergence: '[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 14, ActivityTaskScheduled)',
  firstDivergence: {
    kind: 'nondeterminism' as const,
    eventId: 14,
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    codeDid: 'started a timer',
    historyHolds: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED (activity performAction, id 4)',
  },
};

const NO_HISTORY = {
  summary: 'No such case on the workflow service',
  value: { error: { code: 'CASE_NOT_FOUND' as const, message: 'Case case-L-CN-2025-009999 has no history on the workflow service' } },
};

export function auditRoutes(api: RouteTable, context: ApiContext, replay: Replayer): void {
  api.route({
    method: 'get',
    path: '/v1/cases/:caseId/timeline',
    tag: 'audit',
    summary: "A case's timeline from the audit trail, oldest first",
    description:
      'Every event the case recorded, with its actor and reason, and every reveal of the debtor\'s contact details (type ' +
      '`contact-revealed`, after the event whose `seq` it carries). Pages by `cursor`; the trail may lag the live case by a moment.',
    roles: [...AUDIT_ROLES],
    params: caseIdParams,
    query: z.strictObject({ ...cursorQuery, limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    response: {
      status: 200,
      description: 'A page of the timeline',
      schema: z.object({ caseId: z.string(), events: z.array(timelineEventSchema), nextCursor: z.string().nullable() }),
    },
    errors: ['CASE_NOT_FOUND'],
    examples: {
      response: {
        'last-page': {
          summary: 'The last page: the DPD 30 step of the example case',
          value: { caseId, events: CASE_VIEW_EXAMPLE.recentEvents, nextCursor: null },
        },
      },
      error: NO_HISTORY,
    },
    async handler({ params, query }) {
      const afterSeq = decodeCursor(query.cursor, z.number().int());
      try {
        const { events, nextAfterSeq } = await caseTimeline(context, params.caseId, { afterSeq, limit: query.limit });
        return { body: { caseId: params.caseId, events, nextCursor: nextAfterSeq === null ? null : encodeCursor(nextAfterSeq) } };
      } catch (error) {
        throw asApiError(error);
      }
    },
  });

  api.route({
    method: 'get',
    path: '/v1/cases/:caseId/history',
    tag: 'audit',
    summary: "The case's raw Temporal event history (its latest run), as JSON",
    description:
      'The JSON `temporal workflow show --output json` writes and the SDKs replay: enum names (EVENT_TYPE_…), 64-bit integers ' +
      `as strings, bytes in base64. Payloads stay encrypted as stored; decode them with the codec server. ${HISTORY_REPLAY_PATH} and \`npm run replay\` take it back.`,
    roles: [...AUDIT_ROLES],
    params: caseIdParams,
    response: { status: 200, description: 'The history in the Temporal JSON format', schema: z.looseObject({ events: z.array(z.looseObject({})) }) },
    errors: ['CASE_NOT_FOUND'],
    examples: {
      response: { start: { summary: 'Its first three events (a case\'s history holds hundreds)', value: HISTORY_EXAMPLE } },
      error: NO_HISTORY,
    },
    async handler({ params }) {
      try {
        return { body: await caseHistoryJson(context, params.caseId) };
      } catch (error) {
        throw asApiError(error);
      }
    },
  });

  api.route({
    method: 'post',
    path: '/v1/cases/:caseId/replay',
    tag: 'audit',
    summary: "Replay the case's history with the current workflow code",
    description:
      '`match: true` when the code makes the same decisions the case made; otherwise `divergence` (the SDK\'s message) and ' +
      '`firstDivergence` (its fields) name the first difference.',
    roles: [...AUDIT_ROLES],
    params: caseIdParams,
    response: { status: 200, description: 'The verdict', schema: z.object({ caseId: z.string(), ...verdictSchema }) },
    errors: ['CASE_NOT_FOUND', 'UNKNOWN_WORKFLOW_TYPE', 'HISTORY_UNDECRYPTABLE'],
    examples: {
      response: {
        match: { summary: 'The current code makes the decisions the case made', value: { caseId, match: true } },
        diverged: { summary: 'The current code parts from the history at event 14', value: { caseId, ...DIVERGED_EXAMPLE } },
      },
      error: NO_HISTORY,
    },
    async handler({ params }) {
      try {
        return { body: { caseId: params.caseId, ...(await replayCase(context, replay, params.caseId)) } };
      } catch (error) {
        throw asApiError(error);
      }
    },
  });

  api.route({
    method: 'post',
    path: HISTORY_REPLAY_PATH,
    tag: 'audit',
    summary: 'Replay a history file with the current workflow code',
    description:
      'The body is a history as `temporal workflow show --output json` or GET /v1/cases/{caseId}/history wrote it, payloads ' +
      `still encrypted (the API decrypts them with its keyring), up to ${HISTORY_BODY_LIMIT}. The answer is the same as for a case ` +
      'replayed by id: `match: true`, or the first divergence. `npm run replay -- <file>…` checks files the same way without the API.',
    roles: ['auditor'],
    body: historyJsonSchema,
    response: {
      status: 200,
      description: 'The verdict',
      schema: z.object({ workflowId: z.string().nullable(), workflowType: z.string(), ...verdictSchema }),
    },
    errors: ['UNKNOWN_WORKFLOW_TYPE', 'HISTORY_UNDECRYPTABLE'],
    examples: {
      request: { excerpt: { summary: 'The start of a history file (a whole run is posted)', value: HISTORY_EXAMPLE } },
      response: {
        match: { summary: 'The current code replays it', value: { workflowId: caseId, workflowType: 'collectionCase', match: true } },
        diverged: { summary: 'The current code parts from it at event 14', value: { workflowId: caseId, workflowType: 'collectionCase', ...DIVERGED_EXAMPLE } },
      },
      error: {
        summary: 'Encrypted with a key the keyring does not hold',
        value: {
          error: {
            code: 'HISTORY_UNDECRYPTABLE',
            message:
              'Event 1 (EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) cannot be read: Payload is encrypted with key "k20250101", ' +
              'which is not in ARREARS_CODEC_KEYS; add it to decrypt',
          },
        },
      },
    },
    async handler({ body }) {
      try {
        return { body: await replayHistoryJson(replay, body, 'history-file') };
      } catch (error) {
        throw asApiError(error);
      }
    },
  });
}
