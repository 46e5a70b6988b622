import { DATA_VERSION_PATTERN, DATA_VERSION_POLLER } from '../../platform/dataVersion';
import { GATEWAY_TOKEN_HEADER, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import type { Fetcher } from '../keepAliveFetcher';

export interface DataVersionWatchOptions {
  /** The subgraph's name (the token's audience) and its data-version URL. */
  agency: string;
  url: string;
  signer: CallerTokenSigner;
  fetcher: Fetcher;
  /** How often the version is asked for while look-ups happen. */
  pollMs: number;
  /**
   * How long a version counts as the subgraph's current one after it was last confirmed.
   * A change is seen at most this much (plus one poll) late, also when polling stalls.
   */
  freshMs: number;
  /** Polling stops after this long without a `current()` call, and starts again on the next. */
  idleMs: number;
  /** Milliseconds since the epoch; replaced in tests. */
  now: () => number;
}

export const DATA_VERSION_WATCH_DEFAULTS = { pollMs: 200, freshMs: 1000, idleMs: 30_000, now: () => Date.now() } as const;

/**
 * Follows one subgraph's data version (platform/dataVersion.ts) by polling it, so the
 * gateway can keep a need-to-know answer until the data behind it changes. Polls only
 * while someone asks (`current()`), one request at a time, each within `pollMs`. Any
 * failure (no answer, a refusal, a malformed version) makes the version unknown until a
 * poll succeeds again: callers then fall back to their plain time limit.
 */
export class DataVersionWatch {
  private readonly options: DataVersionWatchOptions;
  private version: string | null = null;
  private confirmedAt = 0;
  private lastAskedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private closed = false;

  constructor(options: Pick<DataVersionWatchOptions, 'agency' | 'url' | 'signer' | 'fetcher'> & Partial<DataVersionWatchOptions>) {
    this.options = { ...DATA_VERSION_WATCH_DEFAULTS, ...options };
  }

  /** The subgraph's version as last confirmed within `freshMs`, or null when not known now. */
  current(): string | null {
    const now = this.options.now();
    this.lastAskedAt = now;
    if (!this.closed && this.timer === null && !this.polling) void this.poll();
    return this.version !== null && now - this.confirmedAt <= this.options.freshMs ? this.version : null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    const startedAt = this.options.now();
    try {
      const version = await this.ask();
      // Confirmed as of when the question was sent: the answer may be that old.
      this.version = version;
      this.confirmedAt = version === null ? 0 : startedAt;
    } finally {
      this.polling = false;
    }
    if (this.closed || this.options.now() - this.lastAskedAt > this.options.idleMs) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async ask(): Promise<string | null> {
    try {
      const token = await signCallerToken({ ...DATA_VERSION_POLLER, agency: this.options.agency }, this.options.signer);
      const response = await this.options.fetcher(this.options.url, { method: 'GET', headers: { [GATEWAY_TOKEN_HEADER]: token } });
      if (!response.ok) return null;
      const body = (await response.json()) as unknown;
      const version = typeof body === 'object' && body !== null && 'version' in body ? body.version : undefined;
      return typeof version === 'string' && DATA_VERSION_PATTERN.test(version) ? version : null;
    } catch {
      return null;
    }
  }
}
