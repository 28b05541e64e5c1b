// `npm run start:cluster`: arrears on the real Temporal server, on this machine
// (see scripts/cluster.ts for what runs): PostgreSQL, Temporal's four services,
// FerretDB, the sandbox providers, three case workers and two APIs, each
// supervised and restarted when it crashes. It prints where each listens; Ctrl-C
// stops all of them, last started first, and leaves no process behind. Data
// stays in <ARREARS_DATA_DIR>/cluster (.data/cluster), apart from npm start's.
import path from 'node:path';
import { loadConfig } from '../src/config';
import { DEFAULT_CLUSTER_PORTS, startCluster, TEMPORAL_SERVICES, type Cluster, type ClusterPorts } from './cluster';
import { accepts } from './processes';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const ports: ClusterPorts = {
    ...DEFAULT_CLUSTER_PORTS,
    sandbox: config.SANDBOX_PORT,
    sandboxSmtp: config.SANDBOX_SMTP_PORT,
    apis: [config.API_PORT, config.API_PORT + 1],
  };
  await refuseTakenPorts(ports);
  let cluster: Cluster | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('start:cluster: stopping…');
    await cluster?.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  try {
    cluster = await startCluster({
      dataDir: path.join(config.ARREARS_DATA_DIR, 'cluster'),
      ports,
      giveUp: (reason) => {
        console.error(`start:cluster: ${reason}`);
        void stop(1);
      },
    });
  } catch (error) {
    console.error(`start:cluster: ${error instanceof Error ? error.message : error}`);
    return stop(1);
  }
  // Should this process end some other way, its children (in their own process groups) end too.
  process.once('exit', () => {
    for (const pid of cluster?.supervisor.runningPids() ?? []) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Gone in the meantime.
      }
    }
  });
  console.log('\narrears (cluster mode) is running:');
  for (const [name, address] of Object.entries(cluster.where)) console.log(`  ${name.padEnd(20)} ${address}`);
  console.log('Press Ctrl-C to stop.\n');
}

/** Every port the cluster binds, refused together and named, before anything starts. */
async function refuseTakenPorts(ports: ClusterPorts): Promise<void> {
  const wanted: [string, number][] = [
    ['PostgreSQL', ports.postgres],
    ...TEMPORAL_SERVICES.flatMap((service): [string, number][] => [
      [`Temporal ${service}`, ports.temporal[service].grpc],
      [`Temporal ${service} membership`, ports.temporal[service].membership],
    ]),
    ['Temporal frontend HTTP', ports.frontendHttp],
    ['FerretDB', ports.mongodb],
    ['sandbox (SANDBOX_PORT)', ports.sandbox],
    ['sandbox SMTP (SANDBOX_SMTP_PORT)', ports.sandboxSmtp],
    ...ports.apis.map((port, index): [string, number] => [`API ${index + 1} (API_PORT${index ? ` + ${index}` : ''})`, port]),
  ];
  const taken = [];
  for (const [what, port] of wanted) if (await accepts('127.0.0.1', port)) taken.push(`${port} (${what})`);
  if (taken.length > 0) {
    console.error(`start:cluster: already in use: port ${taken.join(', port ')}. Stop what listens there (npm start uses some of the same ports).`);
    process.exit(1);
  }
}

void main();
