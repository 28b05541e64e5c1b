// Every activity a case worker registers: the case's own (channels, records),
// the portfolio sweep's, which opens cases through the use cases, and the
// self-service page's payments. worker.ts, the tests and the benchmarks put a
// worker together from this one list.
import { allHeartbeating } from '../activities/heartbeat';
import { createActivities, type ActivityDependencies } from '../activities';
import { createSelfServicePaymentActivities } from './self-service-activities';
import { createSweepActivities } from './sweep';

export function caseWorkerActivities(deps: ActivityDependencies) {
  return {
    ...createActivities(deps),
    ...createSweepActivities(deps.connection),
    ...allHeartbeating({ ...createSelfServicePaymentActivities(deps.connection, deps.providers.payment) }),
  };
}

export type CaseWorkerActivities = ReturnType<typeof caseWorkerActivities>;
