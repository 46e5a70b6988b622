import { getArgumentValues, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { collectFields, type Variables } from './collectFields';
import type { SubjectDirectory } from '../../policies/SubjectDirectory';

export interface RequestedRow {
  /** The data-subject type the field opens (policy.yaml `dataSubjects`). */
  type: string;
  /** The id asked for, as given; `''` when it could not be read (checked as no id: refused). */
  id: string;
}

export interface NamedSubject {
  type: string;
  id: string;
  /** `Query.field` whose argument named it. */
  rootField: string;
}

interface RootField {
  coordinate: string;
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  /** The field's arguments, coerced as execution will see them; null when they do not coerce. */
  args: Record<string, unknown> | null;
}

function rootFields(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
): RootField[] {
  const root = schema.getRootType(operation.operation);
  if (!root) return [];
  const fields: RootField[] = [];
  for (const nodes of collectFields(root, operation.selectionSet.selections, fragments, variables).values()) {
    for (const node of nodes) {
      const definition = root.getFields()[node.name.value];
      if (!definition) continue;
      let args: Record<string, unknown> | null;
      try {
        args = getArgumentValues(definition, node, variables);
      } catch {
        args = null;
      }
      fields.push({ coordinate: `${root.name}.${node.name.value}`, node, definition, args });
    }
  }
  return fields;
}

/**
 * The data subjects an operation opens by id (root fields declared in `openedBy`), under
 * any alias or fragment, so need-to-know is checked before planning and a refusal can
 * name what was asked.
 */
export function requestedRows(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
  directory: SubjectDirectory,
): RequestedRow[] {
  const rows: RequestedRow[] = [];
  for (const field of rootFields(schema, operation, fragments, variables)) {
    const type = directory.openingFields.get(field.coordinate);
    if (!type) continue;
    const id = field.args?.id;
    // An id we cannot read is checked as no id at all: refused, never waved through.
    rows.push({ type, id: typeof id === 'string' || typeof id === 'number' ? String(id) : '' });
  }
  return rows;
}

/**
 * Data subjects named by an argument that does not open them (policy.yaml
 * `subjectArguments`, e.g. a privacy officer filtering the log by subject). Only values
 * that are a well-formed id of some data-subject type count.
 */
export function namedSubjects(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
  directory: SubjectDirectory,
): NamedSubject[] {
  if (directory.subjectArguments.length === 0) return [];
  const named: NamedSubject[] = [];
  for (const field of rootFields(schema, operation, fragments, variables)) {
    for (const path of directory.subjectArguments) {
      const [type, name, ...argumentPath] = path.split('.');
      if (`${type}.${name}` !== field.coordinate || !field.args) continue;
      let value: unknown = field.args;
      for (const key of argumentPath) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      if (typeof value !== 'string') continue;
      const subjectType = directory.subjectTypeOfId(value);
      if (subjectType) named.push({ type: subjectType, id: value, rootField: field.coordinate });
    }
  }
  return named;
}
