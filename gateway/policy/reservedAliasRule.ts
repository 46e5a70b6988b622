import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { RESERVED_ALIAS_PREFIX } from './filterDocument';

/**
 * Refuses aliases the gateway reserves for itself (`hv__…`): the gateway adds fields under
 * such aliases to read the data subjects of a response, and a client using them could
 * decide what the audit records. Refused before planning, as `BAD_USER_INPUT`.
 */
export function reservedAliasRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const alias = node.alias?.value;
      if (alias === undefined || !alias.toLowerCase().startsWith(RESERVED_ALIAS_PREFIX)) return;
      context.reportError(
        new GraphQLError(`Aliases starting with "${RESERVED_ALIAS_PREFIX}" are reserved for the gateway; rename this alias.`, {
          nodes: [node],
          extensions: { userInput: true },
        }),
      );
    },
  };
}
