// Serves the REST API until SIGINT or SIGTERM, then closes its connections.
import { ensureSweepSchedule } from '../cases/sweeps';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/connection';
import { connectClient } from '../temporal/client';
import { businessClock } from '../temporal/clock';
import { createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const [temporal, database] = await Promise.all([connectClient(config), connectDatabase(config.MONGODB_URI)]);
  await ensureSweepSchedule(temporal, config, businessClock(config));
  const app = createApp({ temporal, database, config });
  const server = app.listen(config.API_PORT, config.API_HOST, () => {
    console.log(`api: listening on http://${config.API_HOST}:${config.API_PORT}`);
  });
  const stop = () => {
    server.close(async () => {
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
