import path from 'node:path';

/** Where scripts/install.sh (and scripts/install-cluster.sh, the last two) put the binaries they install. */
export const TOOLS_BIN = path.resolve(__dirname, '../.tools/bin');

export function toolPath(name: 'temporal' | 'temporal-test-server' | 'ferretdb' | 'temporal-server' | 'temporal-sql-tool'): string {
  return path.join(TOOLS_BIN, name);
}
