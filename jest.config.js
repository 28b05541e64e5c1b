/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  // The cluster fault tests run apart, after these: npm run test:cluster (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // jose ships ESM only; jest on Node 20 loads CommonJS.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Temporal suites share one server per file and run one file at a time: two cores
  // cannot host several servers and workers at once. One worker process rather than
  // in band, so that jest can replace it when a file leaves it holding more than
  // workerIdleMemoryLimit: a whole run in one process grew past node's 4 GB heap.
  maxWorkers: 1,
  workerIdleMemoryLimit: '2GB',
  testTimeout: 120_000,
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
