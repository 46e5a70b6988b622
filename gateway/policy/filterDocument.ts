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

/** Types whose ids are the audit record's data subjects (issue 4). */
export const SUBJECT_TYPES: ReadonlySet<string> = new Set(['Household', 'Person']);

/**
 * The alias under which the planned document asks for every Household's and Person's id,
 * so the audit knows whose data was returned even when the client did not select `id`.
 * It is stripped from the response (the response is rebuilt from the client's selection).
 */
export const SUBJECT_ALIAS = 'hv__subjectId';

const SUBJECT_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: SUBJECT_ALIAS },
  name: { kind: Kind.NAME, value: 'id' },
};

/**
 * Household data concerns every member (GDPR art. 4(1)): the planned document also asks
 * for the members' ids, when the purpose may read the members at all, so each member
 * finds the access in their own view (art. 15). Stripped from the response like the ids.
 */
export const MEMBERS_ALIAS = 'hv__members';

const MEMBERS_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: MEMBERS_ALIAS },
  name: { kind: Kind.NAME, value: 'members' },
  selectionSet: { kind: Kind.SELECTION_SET, selections: [SUBJECT_FIELD] },
};

/**
 * Removes every field the guard denies, wherever it stands: in the operation, in named
 * or inline fragments, under any alias, whatever `@include`/`@skip` say. Whether a field
 * is removed depends only on its (type, field) pair, never on its position, so one pass
 * over all definitions is enough and no spelling of the query can reach a denied field.
 * Runs before planning, so no subgraph is ever asked for it.
 */
export function filterDocument(schema: GraphQLSchema, document: DocumentNode, allows: FieldGuard): FilteredDocument {
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
          if (type && SUBJECT_TYPES.has(type.name)) {
            injected = true;
            const members = type.name === 'Household' && allows('Household', 'members') ? [MEMBERS_FIELD] : [];
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
