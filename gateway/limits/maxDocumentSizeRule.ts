import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/** The query text may be at most `max` characters. */
export function maxDocumentSizeRule(max: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(node) {
      const size = node.loc?.source.body.length ?? 0;
      if (size > max) {
        context.reportError(new GraphQLError(`The query is ${size} characters long; the limit is ${max}. Send a shorter query.`));
      }
    },
  });
}
