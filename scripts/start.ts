// `npm start`: the embedded default on one machine. Starts FerretDB and the
// Temporal dev server (both keeping their data under .data/), then the sandbox
// providers, the codec server, the worker and the API; prints where each
// listens; on Ctrl-C stops all of them and leaves no process behind.
// With TEMPORAL_ADDRESS and MONGODB_URI set it starts only the worker and the API.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { EMBEDDED_ACTIVITY_SLOTS, loadConfig, usesExternalServices } from '../src/config';
import { AGENCY_CALLBACK_PATH } from '../src/api/routes/agency';
import { generateKeyringEnv } from '../src/security/codec';
import { searchAttributeSpecs } from '../src/temporal/search-attributes-check';
import { toolPath } from '../src/temporal/tools';
import { startProcess, startTypeScript, type ManagedProcess } from './processes';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');

async function main(): Promise<void> {
  const external = usesExternalServices();
  const env: NodeJS.ProcessEnv = { ...process.env, ...(await developmentSecrets()) };
  // The embedded FerretDB (SQLite) takes fewer writers at once than MongoDB.
  if (!external) env.WORKER_ACTIVITY_SLOTS ??= String(EMBEDDED_ACTIVITY_SLOTS);
  const config = loadConfig(env);
  // Agency collections come back to this API; the sandbox signs its callbacks with an agency-role token.
  env.AGENCY_CALLBACK_URL ??= `http://${config.API_HOST}:${config.API_PORT}${AGENCY_CALLBACK_PATH}`;
  const running: ManagedProcess[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('start: stopping…');
    // Reverse order: the API and worker let go of the servers before those stop.
    for (const proc of [...running].reverse()) await proc.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  const supervise = (proc: ManagedProcess) => {
    running.push(proc);
    proc.child.once('exit', (code) => {
      if (stopping) return;
      console.error(`start: ${proc.name} exited (code ${code}); stopping the rest`);
      void stopAll(1);
    });
    return proc;
  };

  try {
    const where: Record<string, string> = {};
    if (!external) {
      await mkdir(dataDir, { recursive: true });
      const [mongoPort] = config.MONGODB_URI.match(/:(\d+)\//)?.slice(1) ?? ['27017'];
      const ferret = supervise(
        startProcess('ferretdb', toolPath('ferretdb'), ['--port', mongoPort, '--data', path.join(dataDir, 'ferretdb')], env),
      );
      await ferret.waitForLine(/^mongodb:\/\//);
      const [host, port] = config.TEMPORAL_ADDRESS.split(':');
      supervise(
        startProcess(
          'temporal',
          toolPath('temporal'),
          [
            'server', 'start-dev',
            '--db-filename', path.join(dataDir, 'temporal.db'),
            '--ip', host, '--port', port,
            '--ui-port', String(config.TEMPORAL_UI_PORT),
            '--ui-codec-endpoint', `http://127.0.0.1:${config.CODEC_SERVER_PORT}`,
            '--log-level', 'warn',
            ...searchAttributeSpecs().flatMap((spec) => ['--search-attribute', spec]),
          ],
          env,
        ),
      );
      await waitForTemporal(config.TEMPORAL_ADDRESS);
      where['MongoDB (FerretDB)'] = config.MONGODB_URI;
      where['Temporal'] = config.TEMPORAL_ADDRESS;
      where['Temporal web UI'] = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;

      await supervise(startTypeScript('sandbox', 'src/integrations/sandbox/main.ts', env)).waitForLine(/http:\/\//);
      where['Sandbox providers'] = `http://127.0.0.1:${config.SANDBOX_PORT}`;
      await supervise(startTypeScript('codec', 'src/security/codec-server-main.ts', env)).waitForLine(/http:\/\//);
      where['Codec server'] = `http://127.0.0.1:${config.CODEC_SERVER_PORT}`;
    }
    await supervise(startTypeScript('worker', 'worker.ts', env)).waitForLine(/polling/);
    await supervise(startTypeScript('api', 'src/api/main.ts', env)).waitForLine(/listening/);
    where['API'] = `http://${config.API_HOST}:${config.API_PORT} (GET /readyz)`;

    console.log('\narrears is running:');
    for (const [name, address] of Object.entries(where)) console.log(`  ${name.padEnd(20)} ${address}`);
    console.log('Press Ctrl-C to stop.\n');
  } catch (error) {
    console.error(`start: ${error instanceof Error ? error.message : error}`);
    await stopAll(1);
  }
}

/**
 * Secrets and the business time origin for the embedded mode, made once and kept
 * in .data/ so a restart still decrypts earlier histories, accepts earlier tokens
 * and agrees on the business day. Values already in the environment win.
 */
async function developmentSecrets(): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'dev-secrets.json');
  let secrets: Record<string, string>;
  try {
    secrets = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    const { randomBytes } = await import('node:crypto');
    // The time origin only matters with a short ARREARS_DAY_LENGTH; fixing it once
    // keeps business time continuous across restarts.
    secrets = {
      ...generateKeyringEnv(),
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ARREARS_TIME_ORIGIN: new Date().toISOString(),
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return Object.fromEntries(Object.entries(secrets).filter(([key]) => !process.env[key]));
}

async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

void main();
