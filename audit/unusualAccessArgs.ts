import { AuditQueryError } from './AuditQueryError';
import { checkInstant } from './checkInstant';
import { UNUSUAL_ACCESS_DEFAULTS, UnusualAccessDetector, type UnusualAccessThresholds } from './UnusualAccessDetector';

/** `unusualAccess`'s arguments, checked, and the detector every store feeds its rows to. */
export function unusualAccessArgs(from: Date, to: Date, thresholds: Partial<UnusualAccessThresholds>): { fromIso: string; toIso: string; detector: UnusualAccessDetector } {
  const fromIso = checkInstant(from, 'from')!;
  const toIso = checkInstant(to, 'to')!;
  if (fromIso >= toIso) throw new AuditQueryError('to', `must be later than from (from ${fromIso}, to ${toIso})`);
  return { fromIso, toIso, detector: new UnusualAccessDetector({ ...UNUSUAL_ACCESS_DEFAULTS, ...thresholds }) };
}
