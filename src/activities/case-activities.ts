// The activities a collection case calls, as one type for the workflow's proxies.
import type { createCaseRecordActivities } from './case-records';
import type { createChannelActivities } from './channels';

export type CaseActivities = ReturnType<typeof createCaseRecordActivities> & ReturnType<typeof createChannelActivities>;
