import type { FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Identity } from '../auth/Identity';
import type { Purpose } from '../../policies/Policy';
import type { RequestedRow } from './requestedRows';
import type { Variables } from './collectFields';

/**
 * What the policy layer decided for one request, for the later steps of the same request
 * (subgraph tokens, redaction, the audit record). Filled in as far as the request got.
 */
export interface PolicyState {
  identity?: Identity;
  purpose?: Purpose;
  policyVersion: string;
  /** `Type.field` pairs removed before planning. */
  denied: ReadonlySet<string>;
  operation?: OperationDefinitionNode;
  /** The public schema the operation was validated against. */
  schema?: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Variables;
  /** Households and persons asked for by id. */
  rows: readonly RequestedRow[];
  /** `Type.field` → label of fields redacted from this response. */
  redacted: Map<string, string>;
  /** `Type.field` → label of fields that carried a value in this response. */
  returned: Map<string, string>;
  /** Households and persons whose data this response carries. */
  subjects: { households: Set<string>; persons: Set<string> };
}

const states = new WeakMap<object, PolicyState>();

/** The state of the request this context belongs to (created on first use). */
export function policyState(context: object, policyVersion: string): PolicyState {
  let state = states.get(context);
  if (!state) {
    state = {
      policyVersion,
      denied: new Set(),
      fragments: new Map(),
      variables: {},
      rows: [],
      redacted: new Map(),
      returned: new Map(),
      subjects: { households: new Set(), persons: new Set() },
    };
    states.set(context, state);
  }
  return state;
}

export function existingPolicyState(context: object): PolicyState | undefined {
  return states.get(context);
}
