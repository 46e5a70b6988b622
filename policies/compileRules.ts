import type { RawRuleOf, MongoAbility } from '@casl/ability';
import type { Policy } from './Policy';

/** Actions and subjects of our abilities: reading a field of a schema type. */
export type FieldAbility = MongoAbility<['read', string]>;
export type FieldRule = RawRuleOf<FieldAbility>;

/**
 * One purpose's CASL rules: for every schema type, the fields whose label the purpose
 * permits. Fields of any other label, and types or labels the policy does not know,
 * get no rule, and CASL refuses what no rule allows (deny by default).
 */
export function compileRules(policy: Policy, purposeId: string, labels: ReadonlyMap<string, string>): FieldRule[] {
  const purpose = policy.purposes.get(purposeId);
  if (!purpose) return [];
  const permitted = new Set(purpose.labels);
  const fieldsByType = new Map<string, string[]>();
  for (const [coordinate, label] of labels) {
    if (!permitted.has(label)) continue;
    const [type, field] = coordinate.split('.') as [string, string];
    const list = fieldsByType.get(type);
    if (list) list.push(field);
    else fieldsByType.set(type, [field]);
  }
  return [...fieldsByType].map(([subject, fields]) => ({ action: 'read', subject, fields }));
}
