// A process of the bench's own (the API, the case worker), forked from a
// TypeScript entry and spoken to over the IPC channel: started, waited for until
// it says `ready` (or `failed`, or exits), and stopped with a deadline.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const READY_TIMEOUT_MS = 120_000;

/** What every bench child says, besides its own messages. */
type LifeMessage<Ready> = Ready | { type: 'failed'; error: string };

export interface BenchChild<Message> {
  child: ChildProcess;
  /** Its `ready` message. */
  ready: Message;
  /** How it ended, once it has (a `failed` message's error, or its exit); undefined while it runs. */
  failure(): string | undefined;
  /** Stops it by `how` (the IPC channel's disconnect, or SIGTERM) and waits for its exit, with SIGKILL after `timeoutMs`. */
  stop(how: 'disconnect' | 'SIGTERM', timeoutMs: number): Promise<void>;
}

export async function forkBenchChild<Message extends { type: string }>(options: {
  /** The entry next to this file, e.g. 'api-process.ts'. */
  entry: string;
  /** Named in errors: 'the API process'. */
  what: string;
  env: NodeJS.ProcessEnv;
  /** Node flags before tsx's, e.g. a heap limit. */
  nodeArgs?: string[];
  /** Its messages other than ready and failed. */
  onMessage?: (message: Message) => void;
  /** Once it has ended, with the reason: its error, or its exit. */
  onEnd?: (reason: string) => void;
}): Promise<BenchChild<Extract<Message, { type: 'ready' }>>> {
  // tsx runs the TypeScript child, whether the bench itself runs under tsx or jest.
  const child = fork(path.join(__dirname, options.entry), [], {
    env: options.env,
    execArgv: [...(options.nodeArgs ?? []), '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let failure: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<Extract<Message, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: ${options.what} was not ready in ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.on('message', (message: LifeMessage<Message>) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message as Extract<Message, { type: 'ready' }>);
      } else if (message.type === 'failed' && 'error' in message) {
        clearTimeout(timer);
        failure = message.error;
        reject(new Error(`bench: ${options.what}: ${message.error}`));
        options.onEnd?.(failure);
      } else options.onMessage?.(message as Message);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      failure ??= `exited (${signal ?? code})`;
      reject(new Error(`bench: ${options.what} ${failure}`));
      options.onEnd?.(failure);
    });
  });
  let started: Extract<Message, { type: 'ready' }>;
  try {
    started = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    ready: started,
    failure: () => failure,
    async stop(how, timeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      if (how === 'disconnect') child.disconnect();
      else child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
