/**
 * What an audit store tells about its group commits, for metrics and traces (README,
 * Production). Every store (SQLite, PostgreSQL) calls the same hooks, so the gateway's
 * instruments do not know which store runs. Hooks must not throw and must be cheap: they
 * run on the commit path.
 */
export interface AuditStoreObserver {
  /** A batch of `size` records is about to be committed; `queued` records wait behind it. */
  commitStarted?(size: number, queued: number): void;
  /** The batch is durable; `seconds` from commitStarted to durable. */
  committed?(size: number, seconds: number): void;
  /** The batch could not be committed; its records were refused (fail closed). */
  commitFailed?(size: number, seconds: number): void;
}
