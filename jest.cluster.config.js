// `npm run test:cluster`: the fault tests on the cluster mode's topology
// (test/cluster), which start their own servers: none of the unit suites' setup.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 300_000,
};
