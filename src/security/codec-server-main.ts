// Starts the codec server on CODEC_SERVER_HOST:CODEC_SERVER_PORT for the Temporal UI
// (--ui-codec-endpoint) and CLI (--codec-endpoint, --codec-auth).
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createCodecServer } from './codec-server';

function startCodecServer(): void {
  const config = loadConfig();
  const logger = createLogger(config, { component: 'codec-server' });
  const address = `http://${config.CODEC_SERVER_HOST}:${config.CODEC_SERVER_PORT}`;
  const server = createCodecServer(config, logger).listen(config.CODEC_SERVER_PORT, config.CODEC_SERVER_HOST, () => {
    logger.info({ uiOrigin: config.TEMPORAL_UI_ORIGIN }, `codec server listening on ${address}`);
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, `codec server could not listen on ${address}`);
    process.exitCode = 1;
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close());
}

try {
  startCodecServer();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
