import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/** Longest operation name the audit log keeps (a name, not a place for free text). */
export const MAX_OPERATION_NAME_LENGTH = 64;

/**
 * Operation names go into the audit log, which is kept for years: bounded here, before
 * anything runs. Their charset is already GraphQL's `Name` (`[_A-Za-z][_0-9A-Za-z]*`).
 */
export function operationNameRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const name = node.name?.value;
      if (name === undefined || name.length <= MAX_OPERATION_NAME_LENGTH) return;
      context.reportError(
        new GraphQLError(`The operation name is ${name.length} characters long; use a name of at most ${MAX_OPERATION_NAME_LENGTH}.`, {
          nodes: [node],
          extensions: { userInput: true },
        }),
      );
    },
  };
}
