import {
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { SubjectDirectory } from '../../policies/SubjectDirectory';

/** May the caller read `field` of `type`? (The compiled policy answers.) */
export type FieldGuard = (type: string, field: string) => boolean;

export interface FilteredDocument {
  document: DocumentNode;
  /** `Type.field` of every field removed, sorted; empty when nothing was removed. */
  denied: string[];
  /** Whether `document` differs from the client's (fields removed or subject ids added). */
  rewritten: boolean;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Aliases with this prefix are the gateway's own: a client that uses one is refused
 * (`reservedAliasRule`), so nothing a client writes can stand where the gateway reads
 * the subject ids it added.
 */
export const RESERVED_ALIAS_PREFIX = 'hv__';

/**
 * The alias under which the planned document asks for every data subject's id, so the
 * audit knows whose data was returned even when the client did not select `id`. It is
 * stripped from the response (the response is rebuilt from the client's selection).
 */
export const SUBJECT_ALIAS = `${RESERVED_ALIAS_PREFIX}subjectId`;

const SUBJECT_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: SUBJECT_ALIAS },
  name: { kind: Kind.NAME, value: 'id' },
};

/**
 * Data about a group concerns every member (GDPR art. 4(1)): for a subject type with
 * `members`, the planned document also asks for the members' ids, when the purpose may
 * read the members at all, so each member finds the access in their own view (art. 15).
 * Stripped from the response like the ids.
 */
export const MEMBERS_ALIAS = `${RESERVED_ALIAS_PREFIX}members`;

function membersField(field: string): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: MEMBERS_ALIAS },
    name: { kind: Kind.NAME, value: field },
    selectionSet: { kind: Kind.SELECTION_SET, selections: [SUBJECT_FIELD] },
  };
}

/**
 * Removes every field the guard denies, wherever it stands: in the operation, in named
 * or inline fragments, under any alias, whatever `@include`/`@skip` say. Whether a field
 * is removed depends only on its (type, field) pair, never on its position, so one pass
 * over all definitions is enough and no spelling of the query can reach a denied field.
 * Runs before planning, so no subgraph is ever asked for it.
 */
export function filterDocument(schema: GraphQLSchema, document: DocumentNode, allows: FieldGuard, subjects: SubjectDirectory): FilteredDocument {
  const denied = new Set<string>();
  let injected = false;
  const typeInfo = new TypeInfo(schema);
  const filtered = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const name = node.name.value;
          if (name.startsWith('__')) return undefined; // __typename; introspection is governed by configuration
          const parent = typeInfo.getParentType();
          // Fields of introspection types (__Schema, __Type, …); introspection itself is on or off by configuration.
          if (parent?.name.startsWith('__')) return undefined;
          // A field the schema does not know cannot be labelled, so it is denied.
          if (!parent || !allows(parent.name, name)) {
            denied.add(`${parent?.name ?? '?'}.${name}`);
            return null;
          }
          return undefined;
        },
      },
      SelectionSet: {
        leave(node: SelectionSetNode) {
          const type = typeInfo.getParentType();
          const subject = type ? subjects.dataSubject(type.name) : undefined;
          if (type && subject) {
            injected = true;
            const members = subject.members && allows(type.name, subject.members) ? [membersField(subject.members)] : [];
            return { ...node, selections: [...node.selections, SUBJECT_FIELD, ...members] };
          }
          // Removing every field of a selection set would make the document invalid.
          return node.selections.length === 0 ? { ...node, selections: [TYPENAME] } : undefined;
        },
      },
    }),
  );
  return { document: filtered, denied: [...denied].sort(), rewritten: injected || denied.size > 0 };
}
