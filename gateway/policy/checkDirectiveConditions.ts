import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Variables } from './collectFields';

const CONDITIONAL = new Set(['skip', 'include']);

/** The variables each document's `@skip(if:)` / `@include(if:)` read: found once per parsed document (Apollo reuses it per query text). */
const conditionsByDocument = new WeakMap<DocumentNode, ReadonlyArray<{ directive: string; variable: string }>>();

function conditionsOf(document: DocumentNode): ReadonlyArray<{ directive: string; variable: string }> {
  let conditions = conditionsByDocument.get(document);
  if (!conditions) {
    const found: Array<{ directive: string; variable: string }> = [];
    visit(document, {
      Directive(node) {
        if (!CONDITIONAL.has(node.name.value)) return;
        const value = node.arguments?.find((a) => a.name.value === 'if')?.value;
        if (value?.kind === Kind.VARIABLE) found.push({ directive: node.name.value, variable: value.name.value });
      },
    });
    conditionsByDocument.set(document, (conditions = found));
  }
  return conditions;
}

/**
 * `@skip(if:)` and `@include(if:)` take a `Boolean!`; a variable given as `null` passes
 * validation (when it has a default) but fails execution. Refused here, before planning,
 * so need-to-know and the planner never judge such a field differently.
 */
export function checkDirectiveConditions(document: DocumentNode, variables: Variables): void {
  for (const { directive, variable } of conditionsOf(document)) {
    if (typeof variables[variable] === 'boolean') continue;
    throw new GraphQLError(`The variable $${variable} of @${directive} must be true or false; send it as a boolean.`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}
