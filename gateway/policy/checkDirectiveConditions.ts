import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Variables } from './collectFields';

const CONDITIONAL = new Set(['skip', 'include']);

/**
 * `@skip(if:)` and `@include(if:)` take a `Boolean!`; a variable given as `null` passes
 * validation (when it has a default) but fails execution. Refused here, before planning,
 * so need-to-know and the planner never judge such a field differently.
 */
export function checkDirectiveConditions(document: DocumentNode, variables: Variables): void {
  visit(document, {
    Directive(node) {
      if (!CONDITIONAL.has(node.name.value)) return;
      const value = node.arguments?.find((a) => a.name.value === 'if')?.value;
      if (value?.kind !== Kind.VARIABLE || typeof variables[value.name.value] === 'boolean') return;
      throw new GraphQLError(`The variable $${value.name.value} of @${node.name.value} must be true or false; send it as a boolean.`, {
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      });
    },
  });
}
