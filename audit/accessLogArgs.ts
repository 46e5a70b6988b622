import type { AccessLogFilter } from './AuditStore';
import { AuditQueryError } from './AuditQueryError';
import { checkInstant } from './checkInstant';
import { decodeCursor } from './accessLogCursor';

/** `accessLog`'s arguments, checked and in the form every store queries with. */
export interface AccessLogArgs {
  /** `first`, capped at the store's maximum page size. */
  limit: number;
  from: string | undefined;
  to: string | undefined;
  /** Records older than this seq (the `after` cursor). */
  beforeSeq: number | undefined;
}

export function accessLogArgs(filter: AccessLogFilter, first: number, after: string | null, maxPageSize: number): AccessLogArgs {
  if (!Number.isInteger(first) || first < 0) throw new AuditQueryError('first', `must be a whole number, 0 or more; got ${first}`);
  const from = checkInstant(filter.from, 'filter.from');
  const to = checkInstant(filter.to, 'filter.to');
  if (from !== undefined && to !== undefined && from >= to) throw new AuditQueryError('filter.to', `must be later than filter.from (from ${from}, to ${to})`);
  return { limit: Math.min(first, maxPageSize), from, to, beforeSeq: after === null ? undefined : decodeCursor(after) };
}
