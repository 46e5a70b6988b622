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
import { MEMBERS_ALIAS, SUBJECT_ALIAS } from './filterDocument';
import type { SubjectDirectory } from '../../policies/SubjectDirectory';
import type { ComputedFieldPlan } from './ComputedField';

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
  subjects: SubjectDirectory;
  /** Fields the gateway computes (`Type.field` → the purpose's plan), present where the client asked for one. */
  computed?: ReadonlyMap<string, ComputedFieldPlan>;
}

/** One data subject of a response and the labels returned about it. */
export interface ShapedSubject {
  type: string;
  id: string;
  labels: Set<string>;
}

export interface ShapedResult {
  data: JsonObject | null;
  errors: GraphQLError[];
  /** `Type.field` → label of each field redacted from this response. */
  redacted: Map<string, string>;
  /** `Type.field` → label of each field that carried a value in this response. */
  returned: Map<string, string>;
  /** The data subjects whose data this response carries, by `Type:id`, each with the labels returned about it. */
  subjects: Map<string, ShapedSubject>;
  /** Subject ids a subgraph returned that are not well-formed: counted, never recorded. */
  malformedIds: number;
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
    subjects: new Map(),
    malformedIds: 0,
  };
  if (!data) return shaped;
  // Group → its members' keys: data about a group concerns each member (policy.yaml, dataSubjects).
  const groups = new Map<ShapedSubject, Set<string>>();

  /** The subject `type:id`, noted once; null (and counted) when the id is not well-formed. */
  const noteSubject = (type: string, id: unknown): ShapedSubject | null => {
    if (!input.subjects.isSubjectId(type, id)) {
      shaped.malformedIds += 1;
      return null;
    }
    const key = `${type}:${id}`;
    let subject = shaped.subjects.get(key);
    if (!subject) shaped.subjects.set(key, (subject = { type, id, labels: new Set() }));
    return subject;
  };

  /** `via`: the label of the field that led here, when it stood on no subject (a root field). */
  const walkValue = (value: unknown, type: GraphQLOutputType, nodes: readonly FieldNode[], path: Path, owner: ShapedSubject | null, via?: string): unknown => {
    if (value === null || value === undefined) return null;
    if (isNonNullType(type)) {
      const inner = walkValue(value, type.ofType, nodes, path, owner, via);
      return inner === null ? PROPAGATE : inner;
    }
    if (isListType(type)) {
      if (!Array.isArray(value)) return value;
      const items = value.map((item, index) => walkValue(item, type.ofType, nodes, [...path, index], owner, via));
      return items.includes(PROPAGATE) ? null : items;
    }
    const named = getNamedType(type);
    if (!isObjectType(named)) return value;
    return walkObject(value as JsonObject, named, nodes.flatMap((n) => n.selectionSet?.selections ?? []), path, owner, via);
  };

  const walkObject = (
    value: JsonObject,
    type: GraphQLObjectType,
    selections: readonly SelectionNode[],
    path: Path,
    owner: ShapedSubject | null,
    via?: string,
  ): JsonObject | null => {
    // Fields of a data subject are about it; fields of a plain object, about the subject it hangs under.
    const declared = input.subjects.dataSubject(type.name);
    if (declared) {
      // Only the gateway's own alias is trusted (clients cannot use it: reservedAliasRule).
      owner = noteSubject(type.name, value[SUBJECT_ALIAS]);
      // A root field's own label (`household(id:)`: id) is about the subject it returned.
      if (owner && via) owner.labels.add(via);
      const membersField = declared.members ? type.getFields()[declared.members] : undefined;
      const members = value[MEMBERS_ALIAS];
      if (owner && membersField && Array.isArray(members)) {
        const memberType = getNamedType(membersField.type).name;
        let keys = groups.get(owner);
        if (!keys) groups.set(owner, (keys = new Set()));
        for (const member of members as Array<JsonObject | null>) {
          const noted = member ? noteSubject(memberType, member[SUBJECT_ALIAS]) : null;
          if (noted) keys.add(`${noted.type}:${noted.id}`);
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
      const computed = input.computed?.get(coordinate);
      let fieldValue = value[key];
      if (computed) {
        // Computed here from the source fields fetched beside it: those count as returned,
        // as if the caller had asked for them (the audit record lists them).
        for (const source of computed.sources) {
          const sourceDefinition = type.getFields()[source.name.value];
          const alias = source.alias?.value ?? source.name.value;
          if (!sourceDefinition || value[alias] === null || value[alias] === undefined) continue;
          const sourceLabel = input.labelOf(`${type.name}.${source.name.value}`);
          shaped.returned.set(`${type.name}.${source.name.value}`, sourceLabel);
          owner?.labels.add(sourceLabel);
          walkValue(value[alias], sourceDefinition.type, [source], [...path, alias], owner);
        }
        fieldValue = computed.compute(value);
      }
      let label: string | undefined;
      if (fieldValue !== null && fieldValue !== undefined) {
        label = input.labelOf(coordinate);
        shaped.returned.set(coordinate, label);
        owner?.labels.add(label);
      }
      const walked = walkValue(fieldValue, definition.type, nodes, [...path, key], owner, owner ? undefined : label);
      if (walked === PROPAGATE) return null;
      result[key] = walked;
    }
    return result;
  };

  const root = input.schema.getRootType(input.operation.operation);
  if (root) shaped.data = walkObject(data, root, input.operation.selectionSet.selections, [], null);
  for (const [group, members] of groups) {
    for (const key of members) for (const label of group.labels) shaped.subjects.get(key)?.labels.add(label);
  }
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
