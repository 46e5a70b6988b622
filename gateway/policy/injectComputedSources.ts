import { Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type FieldNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';

/**
 * Prepares a document for a field the gateway computes (`ComputedField`): wherever the
 * client asks for `type.field`, under any alias or fragment, the planned document asks
 * for `__typename` under the same response key instead (no subgraph is asked for the
 * computed field), and every selection set of `type` gets the source selections, under
 * the gateway's reserved aliases. Returns the client's document unchanged when it does
 * not ask for the field.
 */
export function injectComputedSources(
  schema: GraphQLSchema,
  document: DocumentNode,
  computed: { type: string; field: string; sources: readonly FieldNode[] },
): { document: DocumentNode; used: boolean } {
  let used = false;
  const typeInfo = new TypeInfo(schema);
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node): FieldNode | undefined {
        if (node.name.value !== computed.field || typeInfo.getParentType()?.name !== computed.type) return undefined;
        used = true;
        // Only the response key is kept: the value is put there after the fetch.
        return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: node.alias?.value ?? node.name.value }, name: { kind: Kind.NAME, value: '__typename' } };
      },
      SelectionSet: {
        leave(node: SelectionSetNode) {
          if (typeInfo.getParentType()?.name !== computed.type || computed.sources.length === 0) return undefined;
          return { ...node, selections: [...node.selections, ...computed.sources] };
        },
      },
    }),
  );
  return used ? { document: rewritten, used } : { document, used };
}
