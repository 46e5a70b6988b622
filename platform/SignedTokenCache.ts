interface Entry {
  token: Promise<string>;
  reuseUntilMs: number;
}

/**
 * Reuses a freshly signed token for a while (`reuseSeconds`, below the token's life). Stores the signing promise, so parallel
 * fetches in one query plan that ask for the same token share one signature. Bounded: past
 * `maxEntries` the oldest entries go first (a Map iterates in insertion order, and every
 * entry lives equally long, so the oldest are the stale ones).
 */
export class SignedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly reuseMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached token for `key`, or the one `sign` makes (cached unless it fails). */
  getOrSign(key: string, nowMs: number, sign: () => Promise<string>): Promise<string> {
    const hit = this.entries.get(key);
    if (hit && hit.reuseUntilMs > nowMs) return hit.token;
    if (hit) this.entries.delete(key);

    const entry: Entry = { token: sign(), reuseUntilMs: nowMs + this.reuseMs };
    this.entries.set(key, entry);
    entry.token.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return entry.token;
  }

  /** Forgets every token (the signing key changed). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
