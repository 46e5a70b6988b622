import type { Policy } from '../policies/Policy';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long audit records are kept, by purpose (policies/policy.yaml `auditRetentionDays`). */
export interface AuditRetention {
  /** Purpose id → days. */
  byPurpose: ReadonlyMap<string, number>;
  /**
   * Days for records without a purpose (unauthenticated requests, a missing or refused
   * purpose) or with a purpose the current policy no longer defines.
   */
  defaultDays: number;
  /** The policy version these periods come from; checkpoints name it. */
  policyVersion: string | null;
}

/**
 * Retention from the policy. Records without a (known) purpose keep the longest period of
 * any purpose: they are often evidence of probing, and a privacy officer should never find
 * a refused attempt gone while the accesses around it are still there.
 */
export function retentionFromPolicy(policy: Policy): AuditRetention {
  const byPurpose = new Map<string, number>();
  for (const purpose of policy.purposes.values()) byPurpose.set(purpose.id, purpose.auditRetentionDays);
  // A policy without purposes gives no period to go by: keep everything rather than guess.
  const defaultDays = byPurpose.size > 0 ? Math.max(...byPurpose.values()) : Number.POSITIVE_INFINITY;
  return { byPurpose, defaultDays, policyVersion: policy.version };
}

/** True when a record of `purposeId` written `at` is past its retention `now`. */
export function isExpired(retention: AuditRetention, purposeId: string | null, at: string, now: Date): boolean {
  const days = (purposeId !== null ? retention.byPurpose.get(purposeId) : undefined) ?? retention.defaultDays;
  return Date.parse(at) + days * DAY_MS <= now.getTime();
}
