import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { LimitName } from './QueryLimits';

/**
 * Marks every error a validation rule reports with the limit it enforces, so the
 * gateway can answer `QUERY_TOO_COMPLEX` (Apollo labels all validation errors
 * `GRAPHQL_VALIDATION_FAILED`) while graphql-armor's rules stay untouched.
 */
export function tagLimitErrors(limit: LimitName, rule: ValidationRule): ValidationRule {
  return (context: ValidationContext) => {
    const tagged = new Proxy(context, {
      get(target, property, receiver) {
        if (property === 'reportError') {
          return (error: GraphQLError) =>
            target.reportError(
              // graphql-armor prefixes "Syntax Error:", which this is not.
              new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes, extensions: { ...error.extensions, limit } }),
            );
        }
        return Reflect.get(target, property, receiver);
      },
    });
    return rule(tagged);
  };
}
