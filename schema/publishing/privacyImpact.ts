import type { Policy } from '../../policies/Policy';
import type { LabelMap } from '../readLabelMap';
import type { FieldImpact, Reader } from './CheckReport';

/** The purposes that may read `label`, each with the roles that may declare it. */
export function readersOf(label: string, policy: Policy): Reader[] {
  return [...policy.purposes.values()]
    .filter((purpose) => purpose.labels.includes(label))
    .map((purpose) => ({
      purpose: purpose.id,
      roles: [...policy.roles.values()].filter((role) => role.purposes.includes(purpose.id)).map((role) => role.id),
    }));
}

/**
 * Every field whose disclosure the change alters: added, removed or relabelled, with who
 * may read it afterwards. In this product a new field is a new disclosure (GDPR art. 35
 * asks for the assessment before processing starts).
 */
export function privacyImpact(before: LabelMap, after: LabelMap, policy: Policy): FieldImpact[] {
  const special = new Set(policy.specialCategories);
  const impact = (coordinate: string, change: FieldImpact['change'], label: string, previousLabel?: string): FieldImpact => ({
    coordinate,
    change,
    label,
    ...(previousLabel !== undefined ? { previousLabel } : {}),
    specialCategory: special.has(label) || (previousLabel !== undefined && special.has(previousLabel)),
    readableBy: change === 'removed' ? [] : readersOf(label, policy),
  });
  const found: FieldImpact[] = [];
  for (const [coordinate, label] of after) {
    const previous = before.get(coordinate);
    if (previous === undefined) found.push(impact(coordinate, 'added', label));
    else if (previous !== label) found.push(impact(coordinate, 'relabelled', label, previous));
  }
  for (const [coordinate, label] of before) if (!after.has(coordinate)) found.push(impact(coordinate, 'removed', label));
  return found.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}
