import type { FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Identity } from '../auth/Identity';
import type { Purpose } from '../../policies/Policy';
import type { PolicyEngine } from '../../policies/PolicyEngine';
import type { NamedSubject, RequestedRow } from './requestedRows';
import type { ShapedSubject } from './shapeResult';
import type { Variables } from './collectFields';
import type { ComputedFieldPlan } from './ComputedField';

/**
 * What the policy layer decided for one request, for the later steps of the same request
 * (subgraph tokens, redaction, the audit record). Filled in as far as the request got.
 */
export interface PolicyState {
  /** The policy snapshot that decided (kept for the whole request, across a supergraph swap). */
  engine?: PolicyEngine;
  identity?: Identity;
  purpose?: Purpose;
  policyVersion: string;
  /** `Type.field` pairs removed before planning. */
  denied: ReadonlySet<string>;
  /** Computed fields the operation asks for (`Type.field` → the purpose's plan). */
  computed: ReadonlyMap<string, ComputedFieldPlan>;
  operation?: OperationDefinitionNode;
  /** The public schema the operation was validated against. */
  schema?: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Variables;
  /** Data subjects asked for by id (as given, well-formed or not). */
  rows: readonly RequestedRow[];
  /** Data subjects named by an argument that does not open them (policy.yaml `subjectArguments`). */
  named: readonly NamedSubject[];
  /** The well-formed ids of `rows` and `named`: what a refusal records as asked for. */
  asked: ReadonlyArray<{ type: string; id: string }>;
  /** Of `rows`, how many ids were not well-formed (never recorded, only counted). */
  malformedAsked: number;
  /** `Type.field` → label of fields redacted from this response. */
  redacted: Map<string, string>;
  /** `Type.field` → label of fields that carried a value in this response. */
  returned: Map<string, string>;
  /** Data subjects whose data this response carries, with the labels about each. */
  subjects: Map<string, ShapedSubject>;
  /** Subject ids in the response that were not well-formed. */
  malformedReturned: number;
  /** Set when rows were opened by breaking the glass: the justification, for the audit record. */
  breakGlass?: { justification: string };
  /** The declared write a mutation asks for (policy.yaml `writes`), with its arguments. */
  write?: { coordinate: string; records: 'review' | 'none'; responseKey: string; args: Record<string, unknown> };
}

const states = new WeakMap<object, PolicyState>();

/** The state of the request this context belongs to (created on first use). */
export function policyState(context: object, policyVersion: string): PolicyState {
  let state = states.get(context);
  if (!state) {
    state = {
      policyVersion,
      denied: new Set(),
      computed: new Map(),
      fragments: new Map(),
      variables: {},
      rows: [],
      named: [],
      asked: [],
      malformedAsked: 0,
      redacted: new Map(),
      returned: new Map(),
      subjects: new Map(),
      malformedReturned: 0,
    };
    states.set(context, state);
  }
  return state;
}

export function existingPolicyState(context: object): PolicyState | undefined {
  return states.get(context);
}
