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
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Removes every field the guard denies, wherever it stands: in the operation, in named
 * or inline fragments, under any alias, whatever `@include`/`@skip` say. Whether a field
 * is removed depends only on its (type, field) pair, never on its position, so one pass
 * over all definitions is enough and no spelling of the query can reach a denied field.
 * Runs before planning, so no subgraph is ever asked for it.
 */
export function filterDocument(schema: GraphQLSchema, document: DocumentNode, allows: FieldGuard): FilteredDocument {
  const denied = new Set<string>();
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
          // Removing every field of a selection set would make the document invalid.
          return node.selections.length === 0 ? { ...node, selections: [TYPENAME] } : undefined;
        },
      },
    }),
  );
  return { document: filtered, denied: [...denied].sort() };
}
