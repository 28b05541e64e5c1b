// What the world sees of a case while it waits: the audit trail, the read model
// and the search attributes, written before every wait, so a case waiting on a
// deferred contact or the next step is listed with what it waits for.
import { condition, upsertSearchAttributes } from '@temporalio/workflow';
import type { MutexInterface } from 'async-mutex';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as attributes from '../search-attributes';
import { recordsFor } from './activities';
import { viewOf, type CaseState } from './case-state';
import type { CaseFeatures } from './versions';

/** One run of a case: its state, the versioned behaviours it runs with, its agency lock, and how it publishes. */
export interface CaseRun {
  state: CaseState;
  features: CaseFeatures;
  /** Runs agency work (a placement, a recall) one at a time with the supervisor's agency commands. */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /** Writes the audit backlog and the read model, and updates the search attributes that changed. */
  publish(): Promise<void>;
}

export function caseRun(state: CaseState, features: CaseFeatures, agencyWork: MutexInterface): CaseRun {
  const published = new Map<string, unknown>();
  return {
    state,
    features,
    exclusively: (work) => (features.agencyWorkExclusive ? agencyWork.runExclusive(work) : work()),
    async publish() {
      const view = viewOf(state, Date.now());
      const events = state.unrecorded.splice(0);
      await recordsFor(state.clock).recordCaseProgress({ caseId: state.caseId, loanId: state.loan.loanId, events, view });
      const wanted: SearchAttributeUpdatePair[] = [
        { key: attributes.caseStage, value: view.stage },
        { key: attributes.caseBucket, value: view.bucket },
        { key: attributes.caseClassification, value: view.classification.name },
        { key: attributes.caseSegment, value: view.segment ?? 'unassessed' },
        { key: attributes.casePaused, value: view.paused !== null },
        { key: attributes.caseStrategyVersion, value: `${view.strategy.id}@${view.strategy.version}` },
        { key: attributes.caseAgency, value: view.agency?.name ?? null },
        { key: attributes.caseOutstanding, value: view.balance },
        { key: attributes.caseDaysPastDue, value: view.daysPastDue },
        ...(features.publishedAtAttribute ? [{ key: attributes.casePublishedAt, value: new Date(Date.now()) }] : []),
      ];
      const changed = wanted.filter((pair) => published.get(pair.key.name) !== pair.value);
      if (!changed.length) return;
      upsertSearchAttributes(changed);
      for (const pair of changed) published.set(pair.key.name, pair.value);
    },
  };
}

/**
 * Waits until `done()` holds or `delayMs` has passed (no delay: until `done()`),
 * resolving true when `done()` ended it. What commands, agents' reports and
 * delivery polls record meanwhile reaches the audit trail and the read model as
 * it happens, not at the case's next turn.
 */
export async function waitPublishing(run: CaseRun, done: () => boolean, delayMs?: number): Promise<boolean> {
  if (!run.features.publishBeforeEveryWait) return delayMs === undefined ? condition(done).then(() => true) : condition(done, delayMs);
  const deadline = delayMs === undefined ? undefined : Date.now() + delayMs;
  const somethingToPublish = () => run.state.unrecorded.length > 0;
  for (;;) {
    if (somethingToPublish()) await run.publish();
    if (done()) return true;
    const remaining = deadline === undefined ? undefined : deadline - Date.now();
    if (remaining !== undefined && remaining <= 0) return false;
    const woken = () => done() || somethingToPublish();
    if (remaining === undefined) await condition(woken);
    else if (!(await condition(woken, remaining))) return done();
  }
}
