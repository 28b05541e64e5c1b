// What a case looks like from outside: one case as its workflow answers now, or
// as the read model last saw it when the workflow cannot answer; and the counts
// the metrics show. DPD, bucket and classification are always as of now
// (business time). The case list is in case-list.ts.
import { viewAsOf, type CaseView } from '../domain';
import { caseModel, caseViewModel, rowAsOf, type CaseRecord } from '../db/cases';
import type { Logger } from '../logger';
import { caseParticulars, type CaseParticulars } from './case-particulars';
import { isWorkflowNotFound } from '../temporal/errors';
import { caseView } from '../workflows/collection-case/messages';
import type { CaseServices } from './services';

/** What reading cases needs of the case services. */
export type CaseViewDependencies = Pick<CaseServices, 'temporal' | 'database' | 'businessNow'>;

/** What the case page needs besides: the loan book and the strategy store. */
export type CaseDetailDependencies = CaseViewDependencies & Pick<CaseServices, 'loans' | 'strategies'> & { logger: Logger };

export interface CaseDetail {
  /** live: the workflow answered; read-model: its last view in the read model. */
  source: 'live' | 'read-model';
  view: CaseView;
  /** The case's read-model row as of now; null when it has none yet. */
  row: CaseRecord | null;
}

/** The case with the loan (contact masked), its ladder, payments and contact attempts. */
export interface CaseDetailWithParticulars extends CaseDetail {
  particulars: CaseParticulars;
}

/** A case that neither its workflow nor the read model knows. */
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
  readonly code = 'CASE_NOT_FOUND';
  constructor(readonly caseId: string) {
    super(`Case ${caseId} does not exist`);
  }
}

/** The workflow's own view; undefined when it is gone or cannot answer, so the read model serves. */
async function liveView(deps: CaseViewDependencies & { logger: Logger }, caseId: string): Promise<CaseView | undefined> {
  try {
    return await deps.temporal.workflow.getHandle(caseId).query(caseView);
  } catch (error) {
    if (!isWorkflowNotFound(error)) deps.logger.warn({ caseId, err: error }, 'case query failed; serving the read model');
    return undefined;
  }
}

/** One case, as caseDetail reads it, with what its page shows beside the view. */
export async function caseDetailWithParticulars(deps: CaseDetailDependencies, caseId: string): Promise<CaseDetailWithParticulars> {
  const detail = await caseDetail(deps, caseId);
  return { ...detail, particulars: await caseParticulars(deps, detail.view) };
}

/**
 * One case: the live view from its workflow, or the last view in the read model
 * when the workflow cannot answer (e.g. its history was archived), with its
 * read-model row. Throws CaseNotFoundError when neither knows the case.
 */
export async function caseDetail(deps: CaseViewDependencies & { logger: Logger }, caseId: string): Promise<CaseDetail> {
  const [record, live] = await Promise.all([caseModel(deps.database).findById(caseId).lean<CaseRecord>(), liveView(deps, caseId)]);
  const now = deps.businessNow();
  const row = record ? rowAsOf(record, now) : null;
  if (live) return { source: 'live', view: viewAsOf(live, now), row };
  const stored = record && (await caseViewModel(deps.database).findById(caseId).lean());
  if (stored) return { source: 'read-model', view: viewAsOf(stored.view, now), row };
  throw new CaseNotFoundError(caseId);
}

/** The running case's view, as of now: what a case answers with right after it opened or reopened. */
export async function caseViewNow(deps: Pick<CaseServices, 'temporal' | 'businessNow'>, caseId: string): Promise<CaseView> {
  const view = await deps.temporal.workflow.getHandle(caseId).query(caseView);
  return viewAsOf(view, deps.businessNow());
}

/** How many open cases are in each stage, from the read model. */
export async function openCasesByStage(deps: Pick<CaseServices, 'database'>): Promise<{ stage: CaseView['stage']; count: number }[]> {
  const counts = await caseModel(deps.database).aggregate<{ _id: CaseView['stage']; count: number }>([
    { $match: { status: 'open' } },
    { $group: { _id: '$stage', count: { $sum: 1 } } },
  ]);
  return counts.map(({ _id, count }) => ({ stage: _id, count }));
}
