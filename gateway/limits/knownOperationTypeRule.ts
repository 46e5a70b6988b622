import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Refuses an operation whose type the schema has no root for (`mutation`, `subscription`
 * here): graphql-js 16 lets it through validation and the gateway would fail with a 500.
 * (graphql-js 17 has this rule as KnownOperationTypesRule.)
 */
export function knownOperationTypeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(
          new GraphQLError(`This API has no ${node.operation} operations; it is read-only. Send a query.`, { nodes: [node] }),
        );
      }
    },
  };
}
