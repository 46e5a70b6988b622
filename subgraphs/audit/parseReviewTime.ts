import { GraphQLError } from 'graphql';
import { AuditRecordError } from '../../audit/AuditRecordError';
import { normalizeInstant } from '../../audit/normalizeAuditInput';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A time argument of the review API: ISO 8601 with a zone, or a bare date (00:00 UTC).
 * Anything else is `BAD_USER_INPUT` naming the argument and an example.
 */
export function parseReviewTime(value: string | null | undefined, argument: string): Date | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    return new Date(normalizeInstant(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value, argument));
  } catch (err) {
    const reason = err instanceof AuditRecordError ? err.reason : 'is not a time';
    throw new GraphQLError(`${argument} ${reason}. A date such as 2026-11-25 (00:00 UTC) also works.`, {
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  }
}
