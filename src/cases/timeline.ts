// A case's story for an auditor: its timeline from the audit trail (every stage
// change, decision, contact attempt, guard verdict and command, with actor and
// reason), and its raw Temporal history, the record replay verifies.
import type { temporal } from '@temporalio/proto';
import { auditModel, type AuditRecord } from '../db/audit';
import { contactReveals, type ContactReveal } from '../db/contact-reveals';
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

/** A reveal of the debtor's contact details as a timeline entry: it carries the seq of the case event it follows. */
function revealEvent({ at, actor, reason, afterSeq, fields }: ContactReveal): TimelineEvent {
  return { seq: afterSeq, at: new Date(at).toISOString(), type: 'contact-revealed', actor, reason, data: { follows: afterSeq, fields } };
}

/**
 * A page of the case's timeline, oldest first: the audit trail's case events,
 * and the reveals of the debtor's contact details each after the event it
 * followed (a page holds the reveals that followed its events but its last; the
 * last page holds the rest). The trail may lag the live case by a moment; an
 * empty first page of a case the workflow service does not know is a
 * CaseHistoryNotFoundError.
 */
export async function caseTimeline(services: Pick<CaseServices, 'temporal' | 'database'>, caseId: string, { afterSeq, limit }: TimelinePageRequest): Promise<TimelinePage> {
  const filter = { caseId, ...(afterSeq !== undefined && { seq: { $gt: afterSeq } }) };
  const [records, reveals] = await Promise.all([
    auditModel(services.database).find(filter).sort({ seq: 1 }).limit(limit + 1).lean<AuditRecord[]>(),
    contactReveals(services.database).of(caseId),
  ]);
  if (!records.length && !reveals.length && afterSeq === undefined) await caseHistory(services, caseId);
  const page = records.slice(0, limit);
  const nextAfterSeq = records.length > limit ? page[page.length - 1].seq : null;
  const from = afterSeq ?? 0;
  const onPage = reveals.filter((reveal) => reveal.afterSeq >= from && (nextAfterSeq === null || reveal.afterSeq < nextAfterSeq));
  const events: TimelineEvent[] = page.map(({ seq, at, type, actor, reason, data }) => ({ seq, at: new Date(at).toISOString(), type, actor, reason, ...(data && { data }) }));
  // Stable: a reveal goes after the case events up to its seq, in the order the reveals were made.
  const merged = [...events, ...onPage.map(revealEvent)].sort((a, b) => a.seq - b.seq || Number(a.type === 'contact-revealed') - Number(b.type === 'contact-revealed'));
  return { events: merged, nextAfterSeq };
}
