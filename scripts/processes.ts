// Child processes for the embedded stack: each one's output prefixed with its
// name, stopped with SIGTERM (SIGKILL after a grace period), awaited on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopProcess } from '../src/db/ferretdb';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the first stdout line matching the pattern (e.g. a URI it prints). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => console.log(`[${name}] ${line}`));
  createInterface({ input: child.stderr! }).on('line', (line) => console.error(`[${name}] ${line}`));
  return {
    name,
    child,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} printed no line matching ${pattern} in ${timeoutMs} ms`)), timeoutMs);
        const onLine = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          lines.off('line', onLine);
          resolve(line);
        };
        lines.on('line', onLine);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with code ${code} before it was ready`));
        });
      });
    },
    stop: () => stopProcess(child),
  };
}

/** Runs a TypeScript entry point with the node running this script, through tsx. */
export function startTypeScript(name: string, entry: string, env: NodeJS.ProcessEnv): ManagedProcess {
  return startProcess(name, process.execPath, ['--import', 'tsx', entry], env);
}
