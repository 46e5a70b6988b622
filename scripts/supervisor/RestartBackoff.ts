/** How `npm start` waits before restarting a component that died; `systemLayout` reads it from the environment. */
export interface BackoffOptions {
  /** The first wait (`RESTART_BACKOFF_MS`, default 500). */
  initialMs: number;
  /** The longest wait (`RESTART_BACKOFF_MAX_MS`, default 30000). */
  maxMs: number;
  /** A component that ran this long before dying starts again from the first wait. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/**
 * Exponential back-off per component: a component that keeps crashing at start is not
 * restarted in a tight loop (which would burn the CPU the others need), one that crashes
 * after a long healthy run comes back at once.
 */
export class RestartBackoff {
  private readonly attempts = new Map<string, number>();

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The wait before restarting `name`, which ran for `ranMs` before it died; counts the attempt. */
  next(name: string, ranMs: number): { delayMs: number; attempt: number } {
    const previous = ranMs >= this.options.stableMs ? 0 : (this.attempts.get(name) ?? 0);
    const attempt = previous + 1;
    this.attempts.set(name, attempt);
    const delayMs = Math.min(this.options.maxMs, this.options.initialMs * 2 ** (attempt - 1));
    return { delayMs, attempt };
  }
}
