// Free ports for suites that start servers on ports of their own choosing.
import { createServer } from 'node:net';

/** `count` distinct ports that are free on 127.0.0.1 now, none of them in `avoid` (the stack's defaults). */
export async function freePorts(count: number, avoid: readonly number[] = []): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!avoid.includes(port) && (await bindable(port))) ports.add(port);
  }
  return [...ports];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
