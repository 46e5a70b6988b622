import type { AuditOutcome } from '../../audit/AuditRecord';

const UNAUTHENTICATED = new Set(['UNAUTHENTICATED']);
const REFUSED = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED', 'PURPOSE_NOT_PERMITTED']);

/**
 * How a request ended, for the audit record: refused (who, or why), failed without data,
 * answered in part (redacted fields or a missing agency), or answered whole.
 */
export function auditOutcome(errorCodes: readonly string[], hasData: boolean, returnedFields = hasData ? 1 : 0): AuditOutcome {
  if (errorCodes.some((code) => UNAUTHENTICATED.has(code))) return 'UNAUTHENTICATED';
  if (errorCodes.some((code) => REFUSED.has(code))) return 'FORBIDDEN';
  // Every field asked for was withheld: a refusal, counted as one (e.g. by unusualAccess).
  if (returnedFields === 0 && errorCodes.includes('FORBIDDEN_FIELD')) return 'FORBIDDEN';
  if (!hasData) return errorCodes.length > 0 ? 'ERROR' : 'OK';
  return errorCodes.length > 0 ? 'PARTIAL' : 'OK';
}
