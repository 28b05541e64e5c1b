import path from 'node:path';

export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '../../.tools/cache/workflow-bundle.js');
