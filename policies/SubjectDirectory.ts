import type { DataSubject } from './Policy';

/**
 * What the policy layer needs to know about data subjects (policy.yaml `dataSubjects`):
 * the gateway holds no type names of its own. `PolicyEngine` implements it.
 */
export interface SubjectDirectory {
  /** `Query.field` → the data-subject type it opens by its `id` argument. */
  readonly openingFields: ReadonlyMap<string, string>;
  /** `Type.field.argument[.inputField…]` whose value names a data subject. */
  readonly subjectArguments: readonly string[];
  dataSubject(type: string): DataSubject | undefined;
  isSubjectId(type: string, id: unknown): id is string;
  subjectTypeOfId(id: string): string | undefined;
}
