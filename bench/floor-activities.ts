// The floor worker's side of the bench's workflows: the skeleton's one activity,
// which does nothing but, before the skeleton waits for its finish signal, tell
// the bench (in this process) that it waits; and the sink a trivial workflow
// calls once it has set its timer.
import type { InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';
import type { WorkerWatch } from './watch';

export function createFloorActivities(watch: WorkerWatch) {
  return {
    async floorStep(workflowId: string, waitsNext: boolean): Promise<void> {
      if (waitsNext) watch.skeletonsWaiting.add(workflowId);
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;

export interface FloorSinks extends Sinks {
  floor: { parked(): void };
}

export function floorSinks(watch: WorkerWatch): InjectedSinks<FloorSinks> {
  return { floor: { parked: { fn: (info) => watch.markParked(info.workflowId), callDuringReplay: false } } };
}
