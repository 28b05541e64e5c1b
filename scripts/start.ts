// `npm start`. In the embedded mode (ARREARS_MODE=embedded, the default) it starts
// FerretDB and the Temporal dev server where MONGODB_URI and TEMPORAL_ADDRESS say,
// keeping their data in ARREARS_DATA_DIR, then the sandbox providers, the codec
// server, the worker and the API, each on its configured port; with
// ARREARS_MODE=external only the worker and the API. It prints where each listens
// and supervises them: a crashed process is restarted (see scripts/processes.ts);
// Ctrl-C stops all of them and leaves no process behind.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, EMBEDDED_ACTIVITY_SLOTS, fillUnset, loadConfig, type Config } from '../src/config';
import { searchAttributeSpecs } from '../src/temporal/search-attributes-check';
import { devServerStoreArgs } from '../src/temporal/dev-server';
import { freePort, serveWebUi } from '../src/temporal/web-ui';
import { toolPath } from '../src/tools';
import { accepts, caseWorkerProcess, listeningOn, localStackDefaults, readyWhen, Supervisor, temporalAnswers, typeScriptProcess } from './processes';

const LOCAL_HOSTS = ['127.0.0.1', 'localhost'];

async function main(): Promise<void> {
  let stopping = false;
  const supervisor = new Supervisor({
    giveUp: (reason) => {
      console.error(`start: ${reason}`);
      void stop(1);
    },
  });
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('start: stopping…');
    await supervisor.stopAll();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // The children are in their own process groups; should start.ts end some other way, they end too.
  process.once('exit', () => {
    for (const pid of supervisor.runningPids()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Gone in the meantime.
      }
    }
  });

  try {
    const { env, config } = await childEnvironment();
    const where: Record<string, string> = {};
    const embedded = config.ARREARS_MODE === 'embedded' ? embeddedAddresses(config) : undefined;
    await refuseTakenPorts(config, embedded);
    if (embedded) {
      const { mongoPort, temporalHost, temporalPort } = embedded;
      await mkdir(config.ARREARS_DATA_DIR, { recursive: true });
      await supervisor.start({
        name: 'ferretdb',
        command: toolPath('ferretdb'),
        args: ['--port', mongoPort, '--data', path.join(config.ARREARS_DATA_DIR, 'ferretdb')],
        env,
        ready: (proc) => proc.waitForLine(/^mongodb:\/\//),
      });
      // The sandbox and codec server need no Temporal; started first, their ports are bound before
      // the dev server picks free ports for its internal services.
      await supervisor.start(
        // Its SMTP server listens after its HTTP one: ready when both are.
        typeScriptProcess('sandbox', 'src/integrations/sandbox/main.ts', env, listeningOn('127.0.0.1', config.SANDBOX_SMTP_PORT)),
      );
      await supervisor.start(
        typeScriptProcess('codec', 'src/security/codec-server-main.ts', env, listeningOn(config.CODEC_SERVER_HOST, config.CODEC_SERVER_PORT)),
      );
      const privateUiPort = await freePort();
      await supervisor.start({
        name: 'temporal',
        command: toolPath('temporal'),
        args: [
          'server', 'start-dev',
          ...devServerStoreArgs(path.join(config.ARREARS_DATA_DIR, 'temporal.db')),
          '--ip', temporalHost, '--port', temporalPort,
          // The UI listens privately; serveWebUi below serves it on TEMPORAL_UI_PORT, sending credentials to the codec.
          '--ui-ip', '127.0.0.1', '--ui-port', String(privateUiPort),
          '--ui-codec-endpoint', `http://${config.CODEC_SERVER_HOST}:${config.CODEC_SERVER_PORT}`,
          '--log-level', 'warn',
          ...searchAttributeSpecs().flatMap((spec) => ['--search-attribute', spec]),
        ],
        env,
        ready: (proc) => readyWhen(proc, `answering at ${config.TEMPORAL_ADDRESS}`, () => temporalAnswers(config.TEMPORAL_ADDRESS)),
      });
      await serveWebUi({ host: temporalHost, port: config.TEMPORAL_UI_PORT }, { host: '127.0.0.1', port: privateUiPort });
      where['MongoDB (FerretDB)'] = config.MONGODB_URI;
      where['Temporal'] = config.TEMPORAL_ADDRESS;
      where['Temporal web UI'] = `http://${temporalHost}:${config.TEMPORAL_UI_PORT}`;
      where['Sandbox providers'] = `http://127.0.0.1:${config.SANDBOX_PORT}`;
      where['Sandbox SMTP'] = `smtp://127.0.0.1:${config.SANDBOX_SMTP_PORT}`;
      where['Codec server'] = `http://${config.CODEC_SERVER_HOST}:${config.CODEC_SERVER_PORT}`;
      where['Data'] = config.ARREARS_DATA_DIR;
    }
    await supervisor.start(caseWorkerProcess('worker', env, config));
    await supervisor.start(typeScriptProcess('api', 'src/api/main.ts', env, listeningOn(config.API_HOST, config.API_PORT)));
    where['API'] = `http://${config.API_HOST}:${config.API_PORT} (GET /readyz)`;
    where['Console'] = `http://${config.API_HOST}:${config.API_PORT}/console (sign in as a development identity)`;

    console.log('\narrears is running:');
    for (const [name, address] of Object.entries(where)) console.log(`  ${name.padEnd(20)} ${address}`);
    console.log('Press Ctrl-C to stop.\n');
  } catch (error) {
    if (stopping) return;
    console.error(`start: ${error instanceof Error ? error.message : error}`);
    await stop(1);
  }
}

/**
 * The environment every child gets: this one, plus what the embedded mode
 * derives (kept secrets, callback address, activity slots) and the log format,
 * each only where the environment leaves it unset.
 */
async function childEnvironment(): Promise<{ env: NodeJS.ProcessEnv; config: Config }> {
  const given = loadConfig(process.env);
  const derived: Record<string, string> =
    given.ARREARS_MODE === 'embedded'
      ? await localStackDefaults({ dataDir: given.ARREARS_DATA_DIR, apiBase: `http://${given.API_HOST}:${given.API_PORT}`, activitySlots: EMBEDDED_ACTIVITY_SLOTS })
      : { LOG_FORMAT: process.stdout.isTTY ? 'pretty' : 'json' };
  const env = fillUnset(process.env, derived);
  return { env, config: loadConfig(env) };
}

interface EmbeddedAddresses {
  mongoPort: string;
  temporalHost: string;
  temporalPort: string;
}

/** Where the embedded servers listen; they run on this machine, so the addresses must be local. */
function embeddedAddresses(config: Config): EmbeddedAddresses {
  const embedded = 'the embedded mode runs it on this machine (set ARREARS_MODE=external to use another server)';
  let mongo: URL | undefined;
  try {
    mongo = new URL(config.MONGODB_URI);
  } catch {
    // Several hosts (a replica set) are no URL: not an embedded FerretDB either.
  }
  if (!mongo || mongo.protocol !== 'mongodb:' || !LOCAL_HOSTS.includes(mongo.hostname)) {
    throw new ConfigError(`MONGODB_URI must be mongodb://127.0.0.1:<port>/<database>: ${embedded}`);
  }
  const [temporalHost, temporalPort] = config.TEMPORAL_ADDRESS.split(':');
  if (!LOCAL_HOSTS.includes(temporalHost)) {
    throw new ConfigError(`TEMPORAL_ADDRESS must be 127.0.0.1:<port>: ${embedded}`);
  }
  return { mongoPort: mongo.port || '27017', temporalHost, temporalPort };
}

/** A port someone else holds would fail one server after the others started: say so first, naming its variable. */
async function refuseTakenPorts(config: Config, embedded: EmbeddedAddresses | undefined): Promise<void> {
  const ports: [variable: string, host: string, port: number][] = [['API_PORT', config.API_HOST, config.API_PORT]];
  if (embedded) {
    ports.unshift(
      ['MONGODB_URI', '127.0.0.1', Number(embedded.mongoPort)],
      ['TEMPORAL_ADDRESS', embedded.temporalHost, Number(embedded.temporalPort)],
      ['TEMPORAL_UI_PORT', embedded.temporalHost, config.TEMPORAL_UI_PORT],
      ['SANDBOX_PORT', '127.0.0.1', config.SANDBOX_PORT],
      ['SANDBOX_SMTP_PORT', '127.0.0.1', config.SANDBOX_SMTP_PORT],
      ['CODEC_SERVER_PORT', config.CODEC_SERVER_HOST, config.CODEC_SERVER_PORT],
    );
  }
  const taken = [];
  for (const [variable, host, port] of ports) if (await accepts(host, port)) taken.push(`${port} (${variable})`);
  if (taken.length > 0) {
    throw new ConfigError(
      `Already in use: port ${taken.join(', port ')}. Stop what listens there, or move this stack with the variable named ` +
        '(and ARREARS_DATA_DIR to run a second stack beside it)',
    );
  }
}

void main();
