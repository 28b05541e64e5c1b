// Runs the sandbox providers on 127.0.0.1:SANDBOX_PORT until SIGINT or SIGTERM.
// Point *_PROVIDER_URL at it, or leave them unset (see createProviders).
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { createSandbox } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const running = await createSandbox({ apiKey: config.PROVIDER_API_KEY }).start(config.SANDBOX_PORT);
  log.info({ url: running.url }, 'sandbox providers listening');
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
