import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS } from './startSystem';

export const PROJECT = path.resolve(__dirname, '..', '..');
/** Every component `npm start` runs: the hosted subgraphs and the gateway. */
export const COMPONENTS = SUBGRAPHS.length + 1;

export interface StartedRunner {
  child: ChildProcess;
  /** `<name> <url>` lines from stdout. */
  lines: Map<string, string>;
  /** Anything else on stdout (there should be nothing). */
  stray: string[];
  /** Component pids, from the `start: <name> started (pid N)` lines on stderr. */
  pids: Map<string, number>;
  /** The runner's stderr so far (its notes, its JSON log and the components'). */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** When a process started (/proc/<pid>/stat field 22): with the pid, it names one process. */
function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * The start times of the processes the tests saw start. This machine reuses pids within
 * seconds under load (pid_max 32768), so "pid N is alive" must mean "the process we saw
 * as pid N is alive" — else a test kills, or waits for, another test's process.
 */
const seen = new Map<number, string | undefined>();

/** Remembers which process `pid` is now (a later process with the same pid replaces an earlier one). */
export function track(pid: number): void {
  seen.set(pid, startTime(pid));
}

/** True while the process we saw as `pid` (see track) runs; any process with that pid when not tracked. */
export function isAlive(pid: number): boolean {
  const current = startTime(pid);
  if (current === undefined) return false;
  return !seen.has(pid) || seen.get(pid) === current;
}

/** The command line of a running process (Linux /proc), or undefined once it is gone. */
export function commandLine(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part !== '');
  } catch {
    return undefined;
  }
}

/** Polls until `check` holds, or fails with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const launched: StartedRunner[] = [];

/** Kills whatever a test left running (the runner and every component it announced); for afterEach. */
export function killLaunchedRunners(): void {
  for (const system of launched.splice(0)) {
    // The runner through node's handle (it knows whether its child has exited), then every component we saw start.
    system.child.kill('SIGKILL');
    const components = [...system.pids.values(), ...runnerEvents(system, 'component-restarted').map((e) => e.childPid as number)];
    for (const pid of components) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/**
 * Runs `npm start`'s script without npm in between (`nodeArgs`: `--import tsx
 * scripts/start.ts`, or a compiled `start.js`) and waits for every component line.
 */
export async function startRunner(nodeArgs: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<StartedRunner> {
  const child = spawn(process.execPath, nodeArgs, { cwd: PROJECT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) track(child.pid);
  const lines = new Map<string, string>();
  const stray: string[] = [];
  const pids = new Map<string, number>();
  let stdout = '';
  let stderr = '';
  const expected = COMPONENTS + 1; // and the apps' address
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const started: StartedRunner = { child, lines, stray, pids, exited, stderr: () => stderr };
  launched.push(started);
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Each line once, as it arrives: a pid is tracked when its process is announced, not later.
    const received = (partial + chunk.toString()).split('\n');
    partial = received.pop() ?? '';
    for (const line of received) {
      const announced = /^start: (\w+) started \(pid (\d+)\)/.exec(line);
      if (announced) {
        track(Number(announced[2]));
        if (!pids.has(announced[1]!)) pids.set(announced[1]!, Number(announced[2]));
      }
      const restarted = /"event":"component-restarted","child":"\w+","childPid":(\d+)/.exec(line);
      if (restarted) track(Number(restarted[1]));
    }
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start printed ${lines.size} of ${expected} lines in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    void exited.then(() => clearTimeout(timer));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const complete = stdout.split('\n');
      stdout = complete.pop() ?? '';
      for (const line of complete) {
        const match = /^(\w+) +(http:\/\/\S+)$/.exec(line);
        if (match) lines.set(match[1]!, match[2]!);
        else stray.push(line);
      }
      if (lines.size >= expected) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code }) => reject(new Error(`start exited early (code ${code}):\n${stderr}`)));
  });
  return started;
}

/** The runner's JSON log lines on stderr with this `event`. */
export function runnerEvents(system: StartedRunner, event: string): Array<Record<string, unknown>> {
  return system
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
