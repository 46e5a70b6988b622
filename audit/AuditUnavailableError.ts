/**
 * Why the audit store cannot take a record right now:
 * - `locked`: another connection holds the write lock for longer than the store waits;
 * - `vanished`: the file is gone or was replaced while it held a chain (needs an operator);
 * - `diverged`: the file no longer holds the records this process wrote (restored from an
 *   older backup, or truncated); needs an operator;
 * - `io`: the disk refused the write (full, read-only, I/O error, directory gone), or the
 *   database takes no writes (a PostgreSQL standby, `default_transaction_read_only`);
 * - `closed`: the store was closed;
 * - `unreachable`: the database server (PostgreSQL) refused or lost the connection, or did
 *   not commit within the store's deadline.
 */
export type AuditUnavailableReason = 'locked' | 'vanished' | 'diverged' | 'io' | 'closed' | 'unreachable';

/**
 * The audit record could not be committed. The gateway answers `AUDIT_UNAVAILABLE` and
 * sends no data: fail closed, as the FSC Logging extension requires of a request whose
 * log record cannot be written (https://gitdocumentatie.logius.nl/publicatie/fsc/logging/).
 * The message is for operators; it never holds record content.
 */
export class AuditUnavailableError extends Error {
  override readonly name = 'AuditUnavailableError';
  readonly code = 'AUDIT_UNAVAILABLE';
  constructor(
    readonly reason: AuditUnavailableReason,
    /** The store's file (or other location), for the operator. */
    readonly location: string,
    message: string,
    /** The SQLite error code behind it, e.g. `SQLITE_BUSY`, when there is one. */
    readonly sqliteCode: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
