import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionNode,
  type DirectiveNode,
} from 'graphql';

export type Variables = Readonly<Record<string, unknown>>;

function directiveIf(directive: DirectiveNode | undefined, variables: Variables): boolean | undefined {
  const arg = directive?.arguments?.find((a) => a.name.value === 'if');
  if (!arg) return undefined;
  if (arg.value.kind === Kind.BOOLEAN) return arg.value.value;
  if (arg.value.kind === Kind.VARIABLE) {
    // Only a real boolean decides; anything else (an explicit null) is not certainly
    // skipped, so need-to-know checks it (checkDirectiveConditions refuses it first).
    const value = variables[arg.value.name.value];
    return typeof value === 'boolean' ? value : undefined;
  }
  return undefined;
}

/** `@skip`/`@include` as the GraphQL spec evaluates them (§3.13). */
function included(node: SelectionNode, variables: Variables): boolean {
  const skip = directiveIf(node.directives?.find((d) => d.name.value === 'skip'), variables);
  if (skip === true) return false;
  const include = directiveIf(node.directives?.find((d) => d.name.value === 'include'), variables);
  return include !== false;
}

/**
 * The spec's CollectFields (§6.3.2): response key → field nodes, for an object of a
 * concrete type. Our schema has no interfaces or unions, so a fragment applies when its
 * type condition is absent or names the type itself.
 */
export function collectFields(
  type: GraphQLObjectType,
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
  into: Map<string, FieldNode[]> = new Map(),
  visited: Set<string> = new Set(),
): Map<string, FieldNode[]> {
  for (const selection of selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = into.get(key);
      if (list) list.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selection.typeCondition && selection.typeCondition.name.value !== type.name) continue;
      collectFields(type, selection.selectionSet.selections, fragments, variables, into, visited);
    } else {
      const name = selection.name.value;
      if (visited.has(name)) continue;
      visited.add(name);
      const fragment = fragments.get(name);
      if (!fragment || fragment.typeCondition.name.value !== type.name) continue;
      collectFields(type, fragment.selectionSet.selections, fragments, variables, into, visited);
    }
  }
  return into;
}
