// The supervisor behind `npm start`, on real child processes: a crash after
// start-up is restarted with a growing delay and waited for until ready; too
// many crashes in the window give up; a crash before the first ready fails the
// start; stopping calls off a pending restart and leaves nothing running; a
// process replaced in a rolling deploy stops without counting as a crash.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Supervisor, type Output, type ProcessSpec, type RestartPolicy } from '../../scripts/processes';

/** A node process that prints "ready", then exits with `code` after `exitAfterMs` (or runs until stopped). */
function nodeProcess(name: string, { exitAfterMs, code = 3, printsReady = true }: { exitAfterMs?: number; code?: number; printsReady?: boolean }): ProcessSpec {
  const script = [
    printsReady ? "console.log('ready');" : '',
    exitAfterMs === undefined ? 'setInterval(() => {}, 1000);' : `setTimeout(() => process.exit(${code}), ${exitAfterMs});`,
  ].join('');
  return { name, command: process.execPath, args: ['-e', script], env: { PATH: process.env.PATH }, ready: (proc) => proc.waitForLine(/^ready$/, 10_000) };
}

function recordedOutput() {
  const lines: string[] = [];
  const output: Output = { out: (line) => void lines.push(line), err: (line) => void lines.push(line) };
  const pids = () => lines.flatMap((line) => /^start: \S+ started \(pid (\d+)\)/.exec(line)?.[1] ?? []).map(Number);
  return { lines, output, pids };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const fast: RestartPolicy = { crashLimit: 3, crashWindowMs: 60_000, firstDelayMs: 50, maxDelayMs: 1000 };

// Whatever a test leaves running (when it fails half-way) is stopped.
const supervisors: Supervisor[] = [];
const supervisor = (options: ConstructorParameters<typeof Supervisor>[0]) => {
  const created = new Supervisor(options);
  supervisors.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((created) => created.stopAll()));
});

async function untilLine(lines: string[], pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!lines.some((line) => pattern.test(line))) {
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a process that keeps crashing is restarted with doubling delays until the crash limit stops it', async () => {
  const { lines, output, pids } = recordedOutput();
  let reason = '';
  const gaveUp = new Promise<void>((resolve) => {
    void supervisor({ policy: fast, output, giveUp: (why) => ((reason = why), resolve()) }).start(nodeProcess('crasher', { exitAfterMs: 100 }));
  });
  await gaveUp;

  expect(pids()).toHaveLength(3);
  expect(pids().filter(alive)).toEqual([]);
  expect(reason).toMatch(/^crasher \(pid \d+\) exited with code 3: 3 crashes within 60 s, so the stack stops$/);
  const restarts = lines.filter((line) => line.includes('restarting it in'));
  expect(restarts.map((line) => /in (\d+) ms, attempt (\d+)/.exec(line)!.slice(1).map(Number))).toEqual([
    [50, 1],
    [100, 2],
  ]);
  expect(lines.filter((line) => /^start: crasher restarted and ready \(pid \d+\)$/.test(line))).toHaveLength(2);
});

test('a process that dies before it was first ready fails the start, and is not restarted', async () => {
  const { output, pids } = recordedOutput();
  const broken = supervisor({ policy: fast, output, giveUp: () => undefined });
  await expect(broken.start(nodeProcess('broken', { exitAfterMs: 0, printsReady: false }))).rejects.toThrow(
    'broken exited with code 3 before it was ready',
  );
  await broken.stopAll();
  expect(pids()).toHaveLength(1);
});

test('stopping calls off a pending restart, stops the others and starts nothing more', async () => {
  const { lines, output, pids } = recordedOutput();
  const stack = supervisor({ policy: { ...fast, firstDelayMs: 60_000, maxDelayMs: 60_000 }, output, giveUp: () => undefined });
  await stack.start(nodeProcess('steady', {}));
  await stack.start(nodeProcess('crasher', { exitAfterMs: 100 }));
  const [steady, crasher] = pids();
  await untilLine(lines, /^start: crasher \(pid \d+\) exited with code 3; restarting it in 60000 ms/);
  expect(alive(crasher)).toBe(false);

  await stack.stopAll();
  expect(alive(steady)).toBe(false);
  expect(stack.runningPids()).toEqual([]);
  expect(pids()).toEqual([steady, crasher]);
  await expect(stack.start(nodeProcess('late', {}))).rejects.toThrow('the stack is stopping');
});

test('replace, a rolling deploy of one process: the old one stops as a stop does, its exit is no crash, and the new one is restarted when it crashes', async () => {
  const { lines, output, pids } = recordedOutput();
  const stack = supervisor({ policy: fast, output, giveUp: () => undefined });
  await stack.start(nodeProcess('worker-1', {}));
  await stack.start(nodeProcess('worker-2', {}));
  const [first, other] = pids();

  // The new release crashes once after its start, to show a crash restarts the new spec, not the old one.
  const crashedOnce = path.join(await mkdtemp(path.join(os.tmpdir(), 'arrears-replace-')), 'crashed');
  const spec: ProcessSpec = {
    ...nodeProcess('worker-1', {}),
    args: ['-e', `const fs = require('fs'); console.log('ready'); if (fs.existsSync(${JSON.stringify(crashedOnce)})) setInterval(() => {}, 1000); else setTimeout(() => (fs.writeFileSync(${JSON.stringify(crashedOnce)}, ''), process.exit(4)), 200);`],
  };
  await stack.replace('worker-1', spec);
  const replaced = stack.pidOf('worker-1');
  expect(alive(first)).toBe(false);
  expect(alive(other)).toBe(true);
  expect(replaced).not.toBe(first);
  expect(lines.some((line) => line.includes(`worker-1 (pid ${first})`))).toBe(false);

  await untilLine(lines, new RegExp(`^start: worker-1 \\(pid ${replaced}\\) exited with code 4; restarting it`));
  await stack.whenReady('worker-1');
  expect(pids()).toEqual([first, other, replaced, stack.pidOf('worker-1')]);
  expect(alive(stack.pidOf('worker-1')!)).toBe(true);
  await expect(stack.replace('worker-9', spec)).rejects.toThrow('no process named worker-9');
});
