// The console and the API cannot drift apart: the console's API types are
// generated from the document the API serves, and the console type-checks
// against them as they are now.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { offlineOpenApiDocument } from '../../src/api/app';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const root = path.resolve(__dirname, '../..');
const run = (args: string[]) => promisify(execFile)(process.execPath, args, { cwd: root });

test('the document the console types come from is the one the API serves', async () => {
  const served = (await request(suite.api.app).get('/v1/openapi.json')).body;
  expect(JSON.parse(JSON.stringify(offlineOpenApiDocument()))).toEqual(served);
});

test("the console type-checks against types generated from the API's document now", async () => {
  // openapi-typescript loads ES modules, which jest's CommonJS runtime cannot: the script runs as npm runs it.
  await run(['--import', 'tsx', 'scripts/console-api.ts']);
  await expect(run([path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'console'])).resolves.toMatchObject({ stdout: '' });
});
