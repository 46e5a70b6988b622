import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/<name>` as `npm run` would, in a real process. */
export function runScript(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ScriptResult {
  const result = spawnSync(TSX, [path.join(PROJECT_ROOT, 'scripts', name), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** As `runScript`, without blocking this process (servers in the test keep answering meanwhile). */
export function runScriptAsync(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [path.join(PROJECT_ROOT, 'scripts', name), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
