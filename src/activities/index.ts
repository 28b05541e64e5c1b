// Every activity the worker registers, built over the dependencies they share.
import type mongoose from 'mongoose';
import { createCaseRecordActivities } from './case-records';
import { createChannelActivities } from './channels';
import { createStackCheckActivities } from './stack-check';

export interface ActivityDependencies {
  connection: mongoose.Connection;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createStackCheckActivities(deps.connection),
    ...createCaseRecordActivities(deps.connection),
    ...createChannelActivities(deps.connection),
  };
}

export type Activities = ReturnType<typeof createActivities>;
