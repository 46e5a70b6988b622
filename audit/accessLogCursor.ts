import { AuditQueryError } from './AuditQueryError';

const PREFIX = 'seq:';

/** An opaque Relay cursor for a record: base64url of its seq (stable; seqs are never reused). */
export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new AuditQueryError('after', 'is not a cursor from this access log; pass pageInfo.endCursor of the previous page');
  }
  return seq;
}
