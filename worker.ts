// Starts a case worker: connects to Temporal and MongoDB, refuses to run when
// the case search attributes are missing, and polls the case task queue until
// SIGINT or SIGTERM, then drains and exits.
import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from './src/config';
import { activityDependencies } from './src/activities';
import { caseWorkerActivities } from './src/cases/worker-activities';
import { connectDatabase } from './src/db/connection';
import { createLogger, temporalLogger } from './src/logger';
import { connectClient } from './src/temporal/client';
import { assertCaseSearchAttributes } from './src/temporal/search-attributes-check';
import { createCaseWorker } from './src/temporal/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, { component: 'worker' });
  Runtime.install({ logger: temporalLogger(logger) });

  const client = await connectClient(config);
  await assertCaseSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  await client.connection.close();

  const [connection, database] = await Promise.all([
    NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    connectDatabase(config.MONGODB_URI),
  ]);
  try {
    const worker = await createCaseWorker({
      connection,
      config,
      activities: caseWorkerActivities(activityDependencies(config, database)),
      workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
    });
    logger.info(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
    await worker.run();
  } finally {
    await Promise.all([connection.close(), database.close()]);
  }
}

main().catch((error) => {
  console.error(`worker: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
