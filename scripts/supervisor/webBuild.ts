import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectRoot';

const ROOT = PROJECT_ROOT;
/** The apps' sources (Vite project). */
export const WEB_DIR = path.join(ROOT, 'web');
/** Where the build goes and the gateway serves from by default. */
export const WEB_DIST = path.join(WEB_DIR, 'dist');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/** Everything a build depends on: the sources, the build config, the installed packages. */
const INPUTS = [path.join(WEB_DIR, 'src'), path.join(WEB_DIR, 'public'), path.join(WEB_DIR, 'index.html'), path.join(WEB_DIR, 'vite.config.mts'), path.join(ROOT, 'package-lock.json')];

function newestChange(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

/** True when `dist/index.html` is missing or older than any source of the apps. */
export function webBuildIsStale(dist = WEB_DIST): boolean {
  const built = newestChange(path.join(dist, 'index.html'));
  return built === 0 || INPUTS.some((input) => newestChange(input) > built);
}

/**
 * Builds the apps with Vite into `dist`, in a child process (Vite is an ES module and
 * wants its own process). It builds beside `dist` and swaps the folder in, so a running
 * gateway never serves half a build. Rejects with Vite's output when the build fails.
 */
export async function buildWeb(dist = WEB_DIST): Promise<void> {
  const staging = `${dist}.building-${process.pid}`;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [VITE, 'build', '--config', path.join(WEB_DIR, 'vite.config.mts')], {
      cwd: ROOT,
      // NODE_ENV decides React's build: jest sets it to "test", which would bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production', WEB_OUT_DIR: staging, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`Building the apps (web/) failed (exit ${code}):\n${output.join('')}`);
  }
  const old = `${dist}.old-${process.pid}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(staging, dist);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Builds the apps when the build is missing or stale; true when it built. */
export async function ensureWebBuild(dist = WEB_DIST): Promise<boolean> {
  if (!webBuildIsStale(dist)) return false;
  await buildWeb(dist);
  return true;
}
