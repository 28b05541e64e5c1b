// Serves the REST API until SIGINT or SIGTERM, then closes its connections.
import { CaseListIndex } from '../cases/case-list-index';
import { ensureSweepSchedule } from '../cases/sweeps';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/connection';
import { connectClient } from '../temporal/client';
import { createLogger } from '../logger';
import { businessClock } from '../temporal/clock';
import { createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const [temporal, database] = await Promise.all([connectClient(config), connectDatabase(config.MONGODB_URI)]);
  await ensureSweepSchedule(temporal, config, businessClock(config));
  const logger = createLogger(config, { component: 'api' });
  // Lists start from the store and switch to the index once it has loaded the open cases.
  const caseList = config.CASE_LIST_SOURCE === 'index' ? new CaseListIndex({ temporal, database, logger }) : undefined;
  caseList
    ?.start()
    .then(() => logger.info({ openCases: caseList.size }, 'case list index loaded'))
    .catch((error) => logger.error({ err: error }, 'case list index failed to load; lists stay on the store'));
  const app = createApp({ temporal, database, config, logger, caseList });
  const server = app.listen(config.API_PORT, config.API_HOST, () => {
    console.log(`api: listening on http://${config.API_HOST}:${config.API_PORT}`);
  });
  const stop = () => {
    server.close(async () => {
      await caseList?.stop();
      await Promise.all([temporal.connection.close(), database.close()]);
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`api: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
