/**
 * The audit store's setting is wrong in a way that waiting will not fix (a malformed URL,
 * wrong credentials, an unknown database, a schema newer than the code, a role without
 * INSERT): the gateway refuses to start with this one line, which names the setting and
 * the fix. Never a silent fall-back to the SQLite store: that would split the trail.
 */
export class AuditStoreConfigError extends Error {
  override readonly name = 'AuditStoreConfigError';
  readonly code = 'AUDIT_STORE_MISCONFIGURED';
  constructor(
    /** The environment variable at fault, e.g. `AUDIT_DATABASE_URL`. */
    readonly setting: string,
    problem: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${setting}: ${problem}; ${fix}`, options);
  }
}
