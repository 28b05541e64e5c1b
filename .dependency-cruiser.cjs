// The layers of arrears, top to bottom (see ../shared/ARCHITECTURE.md):
//   api, cli, worker.ts, scripts  →  cases  →  temporal, workflows, activities
//   →  integrations, db, security, logger  →  domain, config
// An import never points up a layer, and nothing imports in a circle. A type
// two layers share lives in the lower one. `npm test` runs this check
// (test/stack/layers.test.ts); `npx depcruise src worker.ts` shows the same.
const UPPER_THAN_ADAPTERS = '^src/(workflows|activities|temporal|cases|api|cli)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules that import each other, directly or around a circle.', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain is pure: it imports nothing of arrears outside it and no node: module (it runs in the workflow sandbox).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/|node_modules/(zod)/' },
    },
    {
      name: 'config-stands-alone',
      severity: 'error',
      comment: 'The configuration reads the environment and imports only the domain.',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(domain/|config\\.ts$)' },
    },
    {
      name: 'adapters-import-down',
      severity: 'error',
      comment: 'db, integrations, security and the logger sit below the workflows, activities, use cases and entry points.',
      from: { path: '^src/(db|integrations|security)/|^src/logger\\.ts$' },
      to: { path: UPPER_THAN_ADAPTERS },
    },
    {
      name: 'engine-imports-down',
      severity: 'error',
      comment: 'Workflows, activities and the Temporal plumbing sit below the use cases and the entry points.',
      from: { path: '^src/(workflows|activities|temporal)/' },
      to: { path: '^src/(cases|api|cli)/' },
    },
    {
      name: 'use-cases-import-down',
      severity: 'error',
      comment: 'The use cases serve the API, the CLI and the console; they never import them.',
      from: { path: '^src/cases/' },
      to: { path: '^src/(api|cli)/' },
    },
    {
      name: 'workflows-are-deterministic',
      severity: 'error',
      comment: 'Workflow code imports the domain, other workflow code and @temporalio/workflow; from activities, types only.',
      from: { path: '^src/workflows/' },
      to: { path: '^src/', pathNot: '^src/(domain|workflows)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entry-points-use-the-use-cases',
      severity: 'error',
      comment:
        'Routes and the CLI reach cases, loans, tasks and the audit trail through src/cases, nothing below it ' +
        '(they may name the types of what the use cases hand them). Only the composition roots (main, app, ' +
        'health) connect to the services themselves.',
      from: { path: '^src/(api|cli)/', pathNot: '^src/api/(main|app|health)\\.ts$' },
      to: { path: '^src/(db|temporal|workflows|activities|integrations)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entry-points-stand-apart',
      severity: 'error',
      comment: 'The CLI does not import the API, nor the API the CLI: what both need lives in src/cases.',
      from: { path: '^src/cli/' },
      to: { path: '^src/api/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
