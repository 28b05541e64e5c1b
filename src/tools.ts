import path from 'node:path';

/** Where scripts/install.sh puts the binaries it installs. */
export const TOOLS_BIN = path.resolve(__dirname, '../.tools/bin');

export function toolPath(name: 'temporal' | 'temporal-test-server' | 'ferretdb'): string {
  return path.join(TOOLS_BIN, name);
}
