import { createMongoAbility, subject } from '@casl/ability';
import type { DataSubject, Policy, Purpose } from './Policy';
import { compileRules, type FieldAbility } from './compileRules';
import { PurposeError } from './PurposeError';
import type { SubjectDirectory } from './SubjectDirectory';

/** The rows a caller may read for the purpose (need-to-know): data-subject type → ids. */
export type RowScope = Readonly<Record<string, readonly string[]>>;

type RowAbility = ReturnType<typeof createMongoAbility>;

/**
 * The policy, compiled: one CASL ability per purpose for field access (built once per
 * policy version and reused by every request), and one small ability per request for the
 * rows the caller may read.
 */
export class PolicyEngine implements SubjectDirectory {
  private readonly fieldAbilities = new Map<string, FieldAbility>();
  /** `Query.field` → the data-subject type it opens by id. */
  readonly openingFields: ReadonlyMap<string, string>;

  constructor(
    readonly policy: Policy,
    readonly labels: ReadonlyMap<string, string>,
  ) {
    for (const purpose of policy.purposes.keys()) {
      this.fieldAbilities.set(purpose, createMongoAbility(compileRules(policy, purpose, labels)) as FieldAbility);
    }
    this.openingFields = new Map(
      [...policy.dataSubjects.values()].flatMap((subject) => subject.openedBy.map((coordinate) => [coordinate, subject.type] as const)),
    );
  }

  get subjectArguments(): readonly string[] {
    return this.policy.subjectArguments;
  }

  /** The data-subject declaration of `type`, if its instances are data subjects. */
  dataSubject(type: string): DataSubject | undefined {
    return this.policy.dataSubjects.get(type);
  }

  /** Is `id` a well-formed id of the data-subject type? Only such ids are ever recorded. */
  isSubjectId(type: string, id: unknown): id is string {
    const subject = this.policy.dataSubjects.get(type);
    return subject !== undefined && typeof id === 'string' && subject.idPattern.test(id);
  }

  /** The data-subject type whose id pattern `id` matches (for arguments that may name any). */
  subjectTypeOfId(id: string): string | undefined {
    for (const subject of this.policy.dataSubjects.values()) if (subject.idPattern.test(id)) return subject.type;
    return undefined;
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
      // The message never repeats what the caller sent (the header, the role claim).
      throw new PurposeError(
        'PURPOSE_NOT_PERMITTED',
        role,
        value,
        allowed.length
          ? `Your role may not use the purpose declared in X-Purpose; use one of: ${allowed.join(', ')}.`
          : 'Your role has no registered purposes; ask your privacy officer to register one.',
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

  /** The per-request row ability: which data subjects this caller may read (only declared types). */
  rowAbility(scope: RowScope): RowAbility {
    return createMongoAbility(
      [...this.policy.dataSubjects.keys()].map((type) => ({ action: 'read', subject: type, conditions: { id: { $in: [...(scope[type] ?? [])] } } })),
    );
  }

  static canReadRow(ability: RowAbility, type: string, id: string): boolean {
    return ability.can('read', subject(type, { id }));
  }
}
