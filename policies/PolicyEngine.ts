import { createMongoAbility, subject } from '@casl/ability';
import type { Policy, Purpose } from './Policy';
import { compileRules, type FieldAbility } from './compileRules';
import { PurposeError } from './PurposeError';

/** The rows a caller may read for the purpose (DOMAIN.md, need-to-know). */
export interface RowScope {
  householdIds: readonly string[];
  personIds: readonly string[];
}

type RowAbility = ReturnType<typeof createMongoAbility>;

/**
 * The policy, compiled: one CASL ability per purpose for field access (built once per
 * policy version and reused by every request), and one small ability per request for the
 * rows the caller may read.
 */
export class PolicyEngine {
  private readonly fieldAbilities = new Map<string, FieldAbility>();

  constructor(
    readonly policy: Policy,
    readonly labels: ReadonlyMap<string, string>,
  ) {
    for (const purpose of policy.purposes.keys()) {
      this.fieldAbilities.set(purpose, createMongoAbility(compileRules(policy, purpose, labels)) as FieldAbility);
    }
  }

  get version(): string {
    return this.policy.version;
  }

  /** The purpose a request declares in `X-Purpose`, if the caller's role may use it. */
  purposeFor(role: string, declared: string | undefined): Purpose {
    const value = declared?.trim();
    if (!value) {
      const allowed = this.policy.roles.get(role)?.purposes ?? [];
      throw new PurposeError(
        'PURPOSE_REQUIRED',
        role,
        undefined,
        `Declare why you need this data in the X-Purpose header${allowed.length ? ` (your role may use: ${allowed.join(', ')})` : ''}.`,
      );
    }
    const purpose = this.policy.purposes.get(value);
    const roleDefinition = this.policy.roles.get(role);
    if (!purpose || !roleDefinition || !roleDefinition.purposes.includes(value)) {
      const allowed = roleDefinition?.purposes ?? [];
      throw new PurposeError(
        'PURPOSE_NOT_PERMITTED',
        role,
        value,
        allowed.length
          ? `Your role "${role}" may not use the purpose "${value}"; use one of: ${allowed.join(', ')}.`
          : `Your role "${role}" has no registered purposes; ask your privacy officer to register one.`,
      );
    }
    return purpose;
  }

  /** May a request for this purpose read `field` of `type`? */
  allowsField(purpose: string, type: string, field: string): boolean {
    const ability = this.fieldAbilities.get(purpose);
    return ability ? ability.can('read', type, field) : false;
  }

  labelOf(coordinate: string): string {
    return this.labels.get(coordinate) ?? 'unlabelled';
  }

  /** The per-request row ability: which households and persons this caller may read. */
  rowAbility(scope: RowScope): RowAbility {
    return createMongoAbility([
      { action: 'read', subject: 'Household', conditions: { id: { $in: [...scope.householdIds] } } },
      { action: 'read', subject: 'Person', conditions: { id: { $in: [...scope.personIds] } } },
    ]);
  }

  static canReadRow(ability: RowAbility, type: 'Household' | 'Person', id: string): boolean {
    return ability.can('read', subject(type, { id }));
  }
}
