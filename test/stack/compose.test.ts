// docker-compose.yml cannot run here (no Docker engine); this keeps it honest:
// the arrears services set exactly variables the configuration module reads,
// and every production secret is required rather than defaulted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config';
import { CASE_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';

const composeText = readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, { environment?: Record<string, unknown>; command?: string[] }>;
};
const arrearsServices = ['worker', 'api', 'codec-server'];

test.each(arrearsServices)('%s sets only variables the config module reads', (service) => {
  const environment = compose.services[service].environment ?? {};
  const unknown = Object.keys(environment).filter((name) => !CONFIG_VARIABLES.includes(name));
  expect(unknown).toEqual([]);
  expect(Object.keys(environment)).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'MONGODB_URI', 'ARREARS_CODEC_KEYS', 'JWT_SECRET']));
});

test('secrets and provider endpoints must be supplied, never defaulted', () => {
  for (const name of ['ARREARS_CODEC_KEYS', 'ARREARS_CODEC_ACTIVE_KEY', 'JWT_SECRET', 'SMS_PROVIDER_URL', 'PROVIDER_API_KEY']) {
    expect(compose.services.worker.environment?.[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
  }
});

test('the search attributes registered at start are the ones the workflow sets', () => {
  const command = (compose.services['temporal-search-attributes'].command ?? []).join(' ');
  const registered = [...command.matchAll(/--name (\w+) --type (\w+)/g)].map(([, name]) => name);
  expect(registered.sort()).toEqual(CASE_SEARCH_ATTRIBUTES.map((key) => key.name).sort());
});

test('MongoDB runs as a single-node replica set and the commands point at built files', () => {
  expect(compose.services.mongodb.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
  // The heap limit start:cluster gives its workers (WORKER_HEAP_MB's default).
  expect(compose.services.worker.command).toEqual(['node', '--max-old-space-size=1024', 'dist/worker.js']);
  expect(compose.services.api.command).toEqual(['node', 'dist/src/api/main.js']);
});

test('Temporal runs as four services from the config file start:cluster runs, with three workers and two APIs', () => {
  const services = compose.services as Record<string, { entrypoint?: string[]; deploy?: { replicas?: number }; volumes?: string[] }>;
  for (const service of ['frontend', 'history', 'matching', 'worker']) {
    const entrypoint = (services[`temporal-${service}`].entrypoint ?? []).join(' ');
    expect(entrypoint).toContain(`--config-file /etc/temporal/arrears/config.yaml --allow-no-auth start --service ${service}`);
    expect(services[`temporal-${service}`].volumes).toContain('./deploy/temporal:/etc/temporal/arrears:ro');
  }
  expect(services.worker.deploy?.replicas).toBe(3);
  expect(services.api.deploy?.replicas).toBe(2);
  expect(compose.services.worker.environment?.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
});
