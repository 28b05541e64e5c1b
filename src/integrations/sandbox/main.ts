// Runs the sandbox providers on 127.0.0.1:SANDBOX_PORT, and its SMTP server on
// 127.0.0.1:SANDBOX_SMTP_PORT, until SIGINT or SIGTERM. Point *_PROVIDER_URL and
// EMAIL_SMTP_URL at them, or leave them unset (see createProviders).
import { signDevToken } from '../../security/auth';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { createSandbox } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  // Its callbacks (agency collections) reach the arrears API as the placement's agency would: with a token
  // carrying the agency role and naming that agency.
  const agencyToken =
    config.JWT_SECRET && config.NODE_ENV !== 'production'
      ? (agency: string) => signDevToken(config, { sub: `sandbox-agency:${agency}`, roles: ['agency'], agency, expiresIn: '1h' })
      : undefined;
  const running = await createSandbox({ apiKey: config.PROVIDER_API_KEY, agencyToken }).start(config.SANDBOX_PORT, '127.0.0.1', config.SANDBOX_SMTP_PORT);
  log.info({ url: running.url, smtpUrl: running.smtpUrl }, 'sandbox providers listening');
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
