/**
 * A query argument the store cannot use (a malformed cursor, a negative page size, an empty
 * period). The review subgraph turns it into `BAD_USER_INPUT` with this message.
 */
export class AuditQueryError extends Error {
  override readonly name = 'AuditQueryError';
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`${argument} ${reason}`);
  }
}
