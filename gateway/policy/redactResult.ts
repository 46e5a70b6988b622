import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, type Variables } from './collectFields';
import { forbiddenFieldError } from './forbiddenFieldError';

type Path = ReadonlyArray<string | number>;
type JsonObject = Record<string, unknown>;

export interface RedactionInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Variables;
  /** `Type.field` pairs removed before planning. */
  denied: ReadonlySet<string>;
  labelOf: (typeAndField: string) => string;
  purpose: string;
}

export interface Redaction {
  data: JsonObject | null;
  errors: GraphQLError[];
  /** `Type.field` → label of each field that was redacted in this response. */
  redacted: Map<string, string>;
}

/** Marks a null that must travel up to the nearest nullable parent (GraphQL spec §6.4.4). */
const PROPAGATE = Symbol('propagate-null');

/**
 * Puts every field removed before planning back into the response as `null`, in the
 * client's own field order, with one `FORBIDDEN_FIELD` error per place it would have
 * stood, so a client sees exactly what was withheld and why.
 */
export function redactResult(input: RedactionInput, data: JsonObject | null | undefined): Redaction {
  const errors: GraphQLError[] = [];
  const redacted = new Map<string, string>();
  if (!data || input.denied.size === 0) return { data: data ?? null, errors, redacted };

  const walkValue = (value: unknown, type: GraphQLOutputType, nodes: ReadonlyArray<import('graphql').FieldNode>, path: Path): unknown => {
    if (value === null || value === undefined) return null;
    if (isNonNullType(type)) {
      const inner = walkValue(value, type.ofType, nodes, path);
      return inner === null ? PROPAGATE : inner;
    }
    if (isListType(type)) {
      if (!Array.isArray(value)) return value;
      const items = value.map((item, index) => walkValue(item, type.ofType, nodes, [...path, index]));
      return items.includes(PROPAGATE) ? null : items;
    }
    const named = getNamedType(type);
    if (!isObjectType(named)) return value;
    const selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
    return walkObject(value as JsonObject, named, selections, path);
  };

  const walkObject = (value: JsonObject, type: GraphQLObjectType, selections: readonly import('graphql').SelectionNode[], path: Path): JsonObject | null => {
    const fields = collectFields(type, selections, input.fragments, input.variables);
    const result: JsonObject = {};
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        result[key] = value[key];
        continue;
      }
      const coordinate = `${type.name}.${name}`;
      const definition = type.getFields()[name];
      if (input.denied.has(coordinate)) {
        const label = input.labelOf(coordinate);
        redacted.set(coordinate, label);
        errors.push(forbiddenFieldError({ path: [...path, key], coordinate, label, purpose: input.purpose }));
        if (definition && isNonNullType(definition.type)) return null;
        result[key] = null;
        continue;
      }
      if (!definition || !(key in value)) {
        if (key in value) result[key] = value[key];
        continue;
      }
      const walked = walkValue(value[key], definition.type, nodes, [...path, key]);
      if (walked === PROPAGATE) return null;
      result[key] = walked;
    }
    return result;
  };

  const root = input.schema.getRootType(input.operation.operation);
  if (!root) return { data, errors, redacted };
  const walked = walkObject(data, root, input.operation.selectionSet.selections, []);
  return { data: walked, errors, redacted };
}

export function fragmentsOf(document: { definitions: readonly { kind: string }[] }): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments.set(fragment.name.value, fragment);
    }
  }
  return fragments;
}
