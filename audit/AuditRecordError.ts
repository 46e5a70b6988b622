/**
 * The gateway handed the store a record that does not fit `AuditRecordInput`. Nothing is
 * written; the gateway must treat it like an unwritable store (fail closed), since a
 * request without a valid record may not return data.
 */
export class AuditRecordError extends Error {
  override readonly name = 'AuditRecordError';
  readonly code = 'AUDIT_RECORD_INVALID';
  constructor(
    /** The offending field, e.g. `subjects.persons[2]`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Audit record field ${field} ${reason}`);
  }
}
