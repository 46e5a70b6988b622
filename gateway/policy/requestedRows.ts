import { Kind, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { collectFields, type Variables } from './collectFields';

export interface RequestedRow {
  type: 'Household' | 'Person';
  id: string;
}

/** Root fields that open one row by id; everything else is reached through them. */
const ROW_FIELDS: Readonly<Record<string, RequestedRow['type']>> = { household: 'Household', person: 'Person' };

function idValue(value: ValueNode | undefined, variables: Variables): string | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return v === undefined || v === null ? undefined : String(v);
  }
  if (value.kind === Kind.STRING || value.kind === Kind.INT) return value.value;
  return undefined;
}

/**
 * The households and persons an operation asks for by id, under any alias or fragment,
 * so need-to-know is checked before planning and a refusal can name what was asked.
 */
export function requestedRows(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
): RequestedRow[] {
  const root = schema.getRootType(operation.operation);
  if (!root) return [];
  const rows: RequestedRow[] = [];
  for (const nodes of collectFields(root, operation.selectionSet.selections, fragments, variables).values()) {
    for (const node of nodes) {
      const type = ROW_FIELDS[node.name.value];
      if (!type) continue;
      // An id we cannot resolve is checked as no id at all: refused, never waved through.
      const id = idValue(node.arguments?.find((a) => a.name.value === 'id')?.value, variables) ?? '';
      rows.push({ type, id });
    }
  }
  return rows;
}
