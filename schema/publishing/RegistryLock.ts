import fs from 'node:fs';

/** Another publish holds the registry and did not let go in time. */
export class RegistryLockedError extends Error {
  override readonly name = 'RegistryLockedError';
  constructor(readonly lockFile: string, readonly holder: string) {
    super(`another publish (${holder}) holds ${lockFile}; wait until it has finished and try again, or delete the file if that process no longer runs`);
  }
}

export interface RegistryLockOptions {
  /** How long to wait for another publish to finish. */
  waitMs: number;
  pollMs: number;
}

export const REGISTRY_LOCK_DEFAULTS: RegistryLockOptions = { waitMs: 30_000, pollMs: 100 };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock file if it is free or its holder is gone (a crashed publish); false when a live process holds it. */
function tryTake(lockFile: string): boolean {
  try {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = readHolder(lockFile);
  if (holder && isRunning(holder.pid)) return false;
  // Stale: its process died mid-publish. Rename first so two waiters cannot both take it over.
  try {
    fs.renameSync(lockFile, `${lockFile}.stale-${process.pid}`);
    fs.rmSync(`${lockFile}.stale-${process.pid}`, { force: true });
  } catch {
    return false;
  }
  return tryTake(lockFile);
}

function readHolder(lockFile: string): { pid: number; since: string } | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid?: unknown; since?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, since: String(parsed.since) } : null;
  } catch {
    return null;
  }
}

/**
 * Runs `work` while holding `<registry>.lock` (created exclusively, naming this process),
 * so two publishes never interleave their writes: the second waits, then fails clearly.
 */
export async function withRegistryLock<T>(registryFile: string, work: () => Promise<T>, options: Partial<RegistryLockOptions> = {}): Promise<T> {
  const { waitMs, pollMs } = { ...REGISTRY_LOCK_DEFAULTS, ...options };
  const lockFile = `${registryFile}.lock`;
  const deadline = Date.now() + waitMs;
  while (!tryTake(lockFile)) {
    if (Date.now() >= deadline) {
      const holder = readHolder(lockFile);
      throw new RegistryLockedError(lockFile, holder ? `pid ${holder.pid}, since ${holder.since}` : 'unknown process');
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
