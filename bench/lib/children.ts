import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ManagedChild } from '../../scripts/supervisor/ProcessGroup';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface ChildSpec {
  name: string;
  /** A TypeScript entry file relative to the project root, run as `node --import tsx <script>`. */
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** Extra node options before `--import tsx`, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

export interface BenchChild extends ManagedChild {
  logFile: string;
  /** Set by `BenchRun.stop`: this exit is expected. */
  stopping: boolean;
}

/**
 * The bench's child processes and temp directory, and their clean-up on every way out:
 * normal end, an error, Ctrl-C / SIGTERM / SIGHUP. Like scripts/supervisor/ProcessGroup
 * (`node --import tsx`, own process group, SIGTERM then SIGKILL), but each child's stdout
 * and stderr go to its own log file in the temp directory: under load the gateway and the
 * subgraphs log one line per request, which would bury the results on the terminal.
 */
export class BenchRun {
  readonly dir: string;
  readonly logDir: string;
  private readonly children: BenchChild[] = [];
  private finished: Promise<void> | undefined;
  /** Set on Ctrl-C / SIGTERM / SIGHUP: whatever fails after that is the interruption. */
  interrupted = false;
  /** Set when a child dies while we did not stop it: measurements after that are void. */
  unexpectedExit: string | undefined;

  constructor(prefix: string, private readonly stopGraceMs = 5000) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    this.logDir = path.join(this.dir, 'logs');
    fs.mkdirSync(this.logDir);
    // Last resort (an uncaught error, process.exit elsewhere): no orphans, no temp files.
    process.on('exit', () => {
      for (const child of this.children) if (isRunning(child)) child.process.kill('SIGKILL');
      fs.rmSync(this.dir, { recursive: true, force: true });
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        // A terminal's Ctrl-C reaches us twice under `npm run` (directly and relayed by tsx).
        if (this.finished) return;
        this.interrupted = true;
        process.stderr.write(`\n${prefix}: ${signal} received; stopping child processes and removing ${this.dir}\n`);
        void this.finish().then(() => process.exit(130));
      });
    }
  }

  spawn(spec: ChildSpec): BenchChild {
    const logFile = path.join(this.logDir, `${spec.name}.log`);
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), '--import', 'tsx', spec.script, ...(spec.args ?? [])], {
      cwd: ROOT,
      env: spec.env,
      stdio: ['ignore', fd, fd],
      // Own process group: a terminal's Ctrl-C reaches only us, and we stop children in order.
      detached: true,
    });
    fs.closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.script})`);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    const managed: BenchChild = { name: spec.name, process: child, pid: child.pid, exited, logFile, stopping: false };
    this.children.push(managed);
    void exited.then(({ code, signal }) => {
      if (managed.stopping || this.finished) return;
      this.unexpectedExit ??= `${spec.name} exited unexpectedly (${signal ?? `code ${code}`}); its log: ${logFile}\n${tail(logFile)}`;
    });
    return managed;
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves with how it ended. */
  async stop(child: BenchChild): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    child.stopping = true;
    if (isRunning(child)) child.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (isRunning(child)) child.process.kill('SIGKILL');
    }, this.stopGraceMs);
    const how = await child.exited;
    clearTimeout(timer);
    return how;
  }

  async stopAll(children: readonly BenchChild[] = this.children): Promise<void> {
    await Promise.all(children.map((child) => this.stop(child)));
  }

  /** Stops every child and removes the temp directory (idempotent). */
  finish(): Promise<void> {
    this.finished ??= (async () => {
      await this.stopAll();
      fs.rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.finished;
  }

  /** Throws if a child died on its own. */
  assertHealthy(): void {
    if (this.unexpectedExit) throw new Error(this.unexpectedExit);
  }
}

function isRunning(child: ManagedChild): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
