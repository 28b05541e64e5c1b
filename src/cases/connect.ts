// The case services of a process that connects on its own (the CLI): the
// workflow service and the database from configuration, with the business
// clock, and a way to let go of both.
import type { Config } from '../config';
import { connectDatabase } from '../db/connection';
import { connectClient } from '../temporal/client';
import { businessClock } from '../temporal/clock';
import { caseServices, type CaseServices } from './services';

export interface ConnectedCaseServices extends CaseServices {
  close(): Promise<void>;
}

/** Connects to both; when one cannot be reached, lets go of the other before failing, so the process can exit. */
export async function connectCaseServices(config: Config): Promise<ConnectedCaseServices> {
  const [client, db] = await Promise.allSettled([connectClient(config), connectDatabase(config.MONGODB_URI)]);
  if (client.status === 'rejected' || db.status === 'rejected') {
    if (client.status === 'fulfilled') await client.value.connection.close();
    if (db.status === 'fulfilled') await db.value.close();
    throw client.status === 'rejected' ? client.reason : (db as PromiseRejectedResult).reason;
  }
  const [temporal, database] = [client.value, db.value];
  const services = caseServices({ temporal, database, clock: businessClock(config), taskQueue: config.TEMPORAL_TASK_QUEUE });
  return {
    ...services,
    close: async () => {
      await Promise.all([temporal.connection.close(), database.close()]);
    },
  };
}
