import type { Policy } from '../../policies/Policy';
import type { OfferedPurpose } from './createAppsHandler';

/** The purposes `role` may declare, in the policy's order; undefined for a role the policy does not know. */
export function offeredPurposes(policy: Policy, role: string): OfferedPurpose[] | undefined {
  const definition = policy.roles.get(role);
  if (!definition) return undefined;
  return definition.purposes.map((id) => {
    const purpose = policy.purposes.get(id);
    return { id, name: purpose?.name ?? id, ...(purpose?.breakGlass ? { breakGlassHours: purpose.breakGlass.accessHours } : {}) };
  });
}
