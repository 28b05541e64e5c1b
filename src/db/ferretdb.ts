import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { toolPath } from '../tools';

export interface FerretDbProcess {
  uri: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the FerretDB built by scripts/install.sh and resolves with the URI it prints. */
export function startFerretDb(options: { port?: number; dataDir: string }): Promise<FerretDbProcess> {
  const args = ['--port', String(options.port ?? 0), '--data', options.dataDir];
  const child = spawn(toolPath('ferretdb'), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) =>
      reject(new Error(`FerretDB did not start (${toolPath('ferretdb')}; run scripts/install.sh): ${error.message}`));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`exited with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (uri) => {
      child.removeAllListeners('exit');
      resolve({ uri, child, stop: () => stopProcess(child) });
    });
  });
}

/** SIGTERM (or the signal given), then wait for the exit; SIGKILL after a grace period. */
export function stopProcess(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
