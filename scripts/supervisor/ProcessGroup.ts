import { spawn, type ChildProcess } from 'node:child_process';
import { entryCommand } from './entryCommand';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  pid: number;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnSpec {
  name: string;
  /** An entry file relative to `cwd`, e.g. `gateway/main.ts` (see entryCommand: tsx from the sources, its .js compiled). */
  script: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd: string;
}

function spawnEntry(spec: SpawnSpec, detached: boolean): ChildProcess {
  return spawn(process.execPath, [...entryCommand(spec.script), ...(spec.args ?? [])], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    // fd 2 for both: children's logs go to our stderr. The IPC channel carries nothing; it
    // closes when we die, however we die, and the child then stops (platform/exitWithParent).
    stdio: ['ignore', 2, 2, 'ipc'],
    detached,
  });
}

/**
 * The child processes of `npm start`. Each component runs as its own node process
 * (`node --import tsx`, or plain node when compiled; not through the `tsx` CLI, which
 * would put a second process in between that a SIGKILL leaves orphaned). Children sit in their own process group, so a terminal's
 * Ctrl-C reaches only us and we stop them in order. Their stdout and stderr go to our
 * stderr: our stdout carries only the component lines.
 */
export class ProcessGroup {
  private readonly children: ManagedChild[] = [];
  private readonly specs = new Map<ManagedChild, { spec: SpawnSpec; startedAt: number }>();
  private stopping = false;

  /** Called once when a child exits while the group is not stopping. */
  constructor(private readonly onUnexpectedExit: (child: ManagedChild, code: number | null, signal: NodeJS.Signals | null) => void) {
    // Last resort if we exit without `stop()` (an uncaught error): don't leave orphans.
    process.on('exit', () => {
      for (const child of this.children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    });
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  spawn(spec: SpawnSpec): ManagedChild {
    const child = spawnEntry(spec, true);
    if (child.pid === undefined) throw new Error(`Could not start ${spec.name} (${spec.script})`);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    const managed: ManagedChild = { name: spec.name, process: child, pid: child.pid, exited };
    this.children.push(managed);
    this.specs.set(managed, { spec, startedAt: Date.now() });
    void exited.then(({ code, signal }) => {
      if (!this.stopping) this.onUnexpectedExit(managed, code, signal);
    });
    return managed;
  }

  /** Starts an exited child again, as it was started; the new process replaces it in the group. */
  respawn(old: ManagedChild): ManagedChild {
    const known = this.specs.get(old);
    if (!known) throw new Error(`${old.name} is not a child of this group`);
    this.children.splice(this.children.indexOf(old), 1);
    this.specs.delete(old);
    return this.spawn(known.spec);
  }

  /** How long a child ran (until now, or until it exited if asked then). */
  ranMs(child: ManagedChild): number {
    return Date.now() - (this.specs.get(child)?.startedAt ?? Date.now());
  }

  /** Runs a child to completion (seeding); resolves with its exit code. */
  async run(spec: SpawnSpec): Promise<number | null> {
    const child = spawnEntry(spec, false);
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
  }

  /** SIGTERM to every running child, SIGKILL to those still running after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const running = this.children.filter((c) => c.process.exitCode === null && c.process.signalCode === null);
    for (const child of running) child.process.kill('SIGTERM');
    const all = Promise.all(running.map((c) => c.exited));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const child of running) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await all;
    }
  }
}
