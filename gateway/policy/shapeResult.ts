import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { collectFields, type Variables } from './collectFields';
import { forbiddenFieldError } from './forbiddenFieldError';
import { MEMBERS_ALIAS, SUBJECT_ALIAS, SUBJECT_TYPES } from './filterDocument';

type Path = ReadonlyArray<string | number>;
type JsonObject = Record<string, unknown>;

export interface ShapeInput {
  schema: GraphQLSchema;
  /** The client's own operation (not the planned one). */
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Variables;
  /** `Type.field` pairs removed before planning. */
  denied: ReadonlySet<string>;
  labelOf: (typeAndField: string) => string;
  purpose: string;
}

export interface ShapedResult {
  data: JsonObject | null;
  errors: GraphQLError[];
  /** `Type.field` → label of each field redacted from this response. */
  redacted: Map<string, string>;
  /** `Type.field` → label of each field that carried a value in this response. */
  returned: Map<string, string>;
  /** Ids of the households and persons whose data this response carries. */
  subjects: { households: Set<string>; persons: Set<string> };
}

/** Marks a null that must travel up to the nearest nullable parent (GraphQL spec §6.4.4). */
const PROPAGATE = Symbol('propagate-null');

/**
 * Rebuilds the response in the client's own shape: every field removed before planning
 * comes back as `null` with one `FORBIDDEN_FIELD` error per place it would have stood,
 * the subject ids the planner was asked for are taken out, and what was shown (fields
 * with their labels, households and persons) is noted for the audit record.
 */
export function shapeResult(input: ShapeInput, data: JsonObject | null | undefined): ShapedResult {
  const shaped: ShapedResult = {
    data: data ?? null,
    errors: [],
    redacted: new Map(),
    returned: new Map(),
    subjects: { households: new Set(), persons: new Set() },
  };
  if (!data) return shaped;

  const walkValue = (value: unknown, type: GraphQLOutputType, nodes: readonly FieldNode[], path: Path): unknown => {
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
    return walkObject(value as JsonObject, named, nodes.flatMap((n) => n.selectionSet?.selections ?? []), path);
  };

  const walkObject = (value: JsonObject, type: GraphQLObjectType, selections: readonly SelectionNode[], path: Path): JsonObject | null => {
    if (SUBJECT_TYPES.has(type.name)) {
      const id = value[SUBJECT_ALIAS] ?? value.id;
      if (typeof id === 'string') (type.name === 'Household' ? shaped.subjects.households : shaped.subjects.persons).add(id);
      const members = value[MEMBERS_ALIAS];
      if (Array.isArray(members)) {
        for (const member of members as Array<JsonObject | null>) {
          const memberId = member?.[SUBJECT_ALIAS];
          if (typeof memberId === 'string') shaped.subjects.persons.add(memberId);
        }
      }
    }
    const result: JsonObject = {};
    for (const [key, nodes] of collectFields(type, selections, input.fragments, input.variables)) {
      const name = nodes[0]!.name.value;
      if (name.startsWith('__')) {
        result[key] = value[key];
        continue;
      }
      const coordinate = `${type.name}.${name}`;
      const definition = type.getFields()[name];
      if (input.denied.has(coordinate)) {
        const label = input.labelOf(coordinate);
        shaped.redacted.set(coordinate, label);
        shaped.errors.push(forbiddenFieldError({ path: [...path, key], coordinate, label, purpose: input.purpose }));
        if (definition && isNonNullType(definition.type)) return null;
        result[key] = null;
        continue;
      }
      if (!definition || !(key in value)) {
        if (key in value) result[key] = value[key];
        continue;
      }
      if (value[key] !== null && value[key] !== undefined) shaped.returned.set(coordinate, input.labelOf(coordinate));
      const walked = walkValue(value[key], definition.type, nodes, [...path, key]);
      if (walked === PROPAGATE) return null;
      result[key] = walked;
    }
    return result;
  };

  const root = input.schema.getRootType(input.operation.operation);
  if (root) shaped.data = walkObject(data, root, input.operation.selectionSet.selections, []);
  return shaped;
}

const fragmentIndex = new WeakMap<DocumentNode, ReadonlyMap<string, FragmentDefinitionNode>>();

/** The document's fragments by name; documents are reused across requests, so indexed once. */
export function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  let fragments = fragmentIndex.get(document);
  if (!fragments) {
    const index = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) index.set(definition.name.value, definition);
    }
    fragmentIndex.set(document, (fragments = index));
  }
  return fragments;
}
