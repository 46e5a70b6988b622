import { AuditQueryError } from './AuditQueryError';

/** A review argument's time as the ISO text records are stored with (UTC, milliseconds: sorts as text). */
export function checkInstant(value: Date | undefined, argument: string): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(value.getTime())) throw new AuditQueryError(argument, 'is not a valid time');
  return value.toISOString();
}
