// A case's story for an auditor: its timeline from the audit trail (every stage
// change, decision, contact attempt, guard verdict and command, with actor and
// reason), and its raw Temporal history, the record replay verifies.
import type { temporal } from '@temporalio/proto';
import { auditModel, type AuditRecord } from '../db/audit';
import { isWorkflowNotFound } from '../temporal/errors';
import { historyToJson, type HistoryJson } from '../temporal/history-json';
import type { CaseServices } from './services';

/** The workflow service holds no history under the case id. */
export class CaseHistoryNotFoundError extends Error {
  override name = 'CaseHistoryNotFoundError';
  readonly code = 'CASE_NOT_FOUND';

  constructor(readonly caseId: string) {
    super(`Case ${caseId} has no history on the workflow service`);
  }
}

export interface TimelineEvent {
  seq: number;
  /** Business time, ISO-8601. */
  at: string;
  type: string;
  actor: string;
  reason: string;
  data?: Record<string, unknown>;
}

export interface TimelinePageRequest {
  /** The seq of the last event of the previous page; from the start when absent. */
  afterSeq?: number;
  limit: number;
}

export interface TimelinePage {
  events: TimelineEvent[];
  /** Where the next page starts after; null on the last page. */
  nextAfterSeq: number | null;
}

/** The case's latest run's history as the client fetches it; a CaseHistoryNotFoundError when there is none. */
export async function caseHistory(services: Pick<CaseServices, 'temporal'>, caseId: string): Promise<temporal.api.history.v1.IHistory> {
  try {
    return await services.temporal.workflow.getHandle(caseId).fetchHistory();
  } catch (error) {
    if (isWorkflowNotFound(error)) throw new CaseHistoryNotFoundError(caseId);
    throw error;
  }
}

/** The case's latest run's history in the standard JSON, payloads encrypted as stored. */
export async function caseHistoryJson(services: Pick<CaseServices, 'temporal'>, caseId: string): Promise<HistoryJson> {
  return historyToJson(await caseHistory(services, caseId));
}

/**
 * A page of the case's timeline, oldest first. The trail may lag the live case
 * by a moment; an empty first page of a case the workflow service does not know
 * is a CaseHistoryNotFoundError.
 */
export async function caseTimeline(services: Pick<CaseServices, 'temporal' | 'database'>, caseId: string, { afterSeq, limit }: TimelinePageRequest): Promise<TimelinePage> {
  const filter = { caseId, ...(afterSeq !== undefined && { seq: { $gt: afterSeq } }) };
  const records = await auditModel(services.database).find(filter).sort({ seq: 1 }).limit(limit + 1).lean<AuditRecord[]>();
  if (!records.length && afterSeq === undefined) await caseHistory(services, caseId);
  const page = records.slice(0, limit);
  const events = page.map(({ seq, at, type, actor, reason, data }) => ({ seq, at: new Date(at).toISOString(), type, actor, reason, ...(data && { data }) }));
  return { events, nextAfterSeq: records.length > limit ? page[page.length - 1].seq : null };
}
