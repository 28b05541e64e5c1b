// Runs the sandbox providers on 127.0.0.1:SANDBOX_PORT until SIGINT or SIGTERM.
// Point *_PROVIDER_URL at it, or leave them unset (see createProviders).
import { signDevToken } from '../../api/auth';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { createSandbox } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  // Its callbacks (agency collections) reach the arrears API as an agency would: with a token carrying the agency role.
  const callbackToken =
    config.JWT_SECRET && config.NODE_ENV !== 'production'
      ? await signDevToken(config, { sub: 'sandbox-agency', roles: ['agency'], expiresIn: '365d' })
      : undefined;
  const running = await createSandbox({ apiKey: config.PROVIDER_API_KEY, callbackToken }).start(config.SANDBOX_PORT);
  log.info({ url: running.url }, 'sandbox providers listening');
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
