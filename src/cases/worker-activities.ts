// Every activity a case worker registers: the case's own (channels, records)
// and the portfolio sweep's, which opens cases through the use cases. worker.ts,
// the tests and the benchmarks put a worker together from this one list.
import { createActivities, type ActivityDependencies } from '../activities';
import { createSweepActivities } from './sweep';

export function caseWorkerActivities(deps: ActivityDependencies) {
  return { ...createActivities(deps), ...createSweepActivities(deps.connection) };
}

export type CaseWorkerActivities = ReturnType<typeof caseWorkerActivities>;
