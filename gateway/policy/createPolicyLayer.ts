import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, type Variables } from './collectFields';
import type { CallerVerifier } from '../auth/verifyCaller';
import { PolicyEngine, type RowScope } from '../../policies/PolicyEngine';
import type { Purpose } from '../../policies/Policy';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';
import type { GatewayHooks } from '../GatewayHooks';
import { checkDirectiveConditions } from './checkDirectiveConditions';
import { filterDocument, type FilteredDocument } from './filterDocument';
import type { ComputedField, ComputedFieldPlan } from './ComputedField';
import { injectComputedSources } from './injectComputedSources';
import {
  breakGlassJustificationError,
  breakGlassNotPermittedError,
  forbiddenRowError,
  notSelfSubjectError,
  schemaHiddenError,
  writeNotPermittedError,
} from './policyErrors';
import { BREAK_GLASS_HEADER, breakGlassJustification, type BreakGlassGrants } from './BreakGlassGrants';
import { BREAK_GLASS_JUSTIFICATION } from '../../audit/AuditRecord';
import { identifyCaller } from './identifyCaller';
import { existingPolicyState, policyState, type PolicyState } from './policyState';
import { fragmentsOf, shapeResult } from './shapeResult';
import { namedSubjects, requestedRows, type RequestedRow } from './requestedRows';

/** The policy compiled against one supergraph; replaced as a whole when the supergraph changes. */
export interface PolicySnapshot {
  engine: PolicyEngine;
  /** The rows the caller may read for a relation-bound purpose (one look-up per request). */
  rowScope: (caller: Caller, requestId: string) => Promise<RowScope>;
  /** Fields the gateway computes from rules files (e.g. policies/blockages.yaml), checked against this supergraph. */
  computed: readonly ComputedField[];
}

/** A client document prepared for one purpose: filtered, and with the sources of any computed field it asks for. */
interface PreparedForPurpose {
  filtered: FilteredDocument;
  computed: ReadonlyMap<string, ComputedFieldPlan>;
}

export interface PolicyLayerOptions {
  /** The snapshot in force; a request keeps the one it started with. */
  snapshot: () => PolicySnapshot;
  verifyCaller: CallerVerifier;
  signer: CallerTokenSigner;
  /** Break-glass accesses in force (their clock is injectable for tests). */
  grants: BreakGlassGrants;
}

/**
 * Need-to-know: may this caller open every row the operation asks for? A purpose whose
 * policy allows break-glass may open rows it has no relation with, by a justification in
 * this request or a break-glass access still in force: the justification is returned, for
 * the audit record. Anything else without a relation is refused.
 */
async function checkRows(
  rows: readonly RequestedRow[],
  purpose: Purpose,
  caller: Caller,
  requestId: string,
  snapshot: PolicySnapshot,
  breakGlass: { grants: BreakGlassGrants; justification: string | undefined },
): Promise<string | undefined> {
  if (rows.length === 0) return undefined;
  let scope: RowScope;
  switch (purpose.access) {
    case 'none':
      throw forbiddenRowError();
    case 'self':
      scope = purpose.selfSubject ? { [purpose.selfSubject]: [caller.sub] } : {};
      break;
    case 'active-relation':
      scope = await snapshot.rowScope(caller, requestId);
      break;
  }
  const ability = snapshot.engine.rowAbility(scope);
  const outside = rows.filter((row) => !PolicyEngine.canReadRow(ability, row.type, row.id));
  if (outside.length === 0) return undefined;
  // Only well-formed ids can be opened by breaking the glass (and recorded as such).
  if (!purpose.breakGlass || !outside.every((row) => snapshot.engine.isSubjectId(row.type, row.id))) throw forbiddenRowError();
  const { grants, justification } = breakGlass;
  if (justification !== undefined) return grants.grant(caller.sub, purpose.id, outside, justification, purpose.breakGlass.accessHours).justification;
  const inForce = outside.map((row) => grants.find(caller.sub, purpose.id, row.type, row.id));
  if (inForce.every((grant) => grant !== undefined)) return inForce[0]!.justification;
  throw forbiddenRowError();
}

/** The write a mutation asks for, if the policy declares it for this purpose (one root field); refused otherwise. */
function checkWrite(state: { schema?: GraphQLSchema; operation?: OperationDefinitionNode; fragments: ReadonlyMap<string, FragmentDefinitionNode>; variables: Variables }, purpose: Purpose, engine: PolicyEngine): NonNullable<PolicyState['write']> {
  const root = state.schema?.getMutationType();
  if (!root || !state.operation) throw writeNotPermittedError();
  const fields = [...collectFields(root, state.operation.selectionSet.selections, state.fragments, state.variables)];
  if (fields.length !== 1) throw writeNotPermittedError();
  const [responseKey, nodes] = fields[0]!;
  const node = nodes[0]!;
  const coordinate = `${root.name}.${node.name.value}`;
  const write = engine.policy.writes.get(coordinate);
  const definition = root.getFields()[node.name.value];
  if (!write || !write.purposes.includes(purpose.id) || !definition || nodes.length !== 1) throw writeNotPermittedError();
  return { coordinate, records: write.records, responseKey, args: getArgumentValues(definition, node, state.variables) };
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
/** graphql-js's hint in validation messages; Apollo strips the same in production. */
const SUGGESTION = / ?Did you mean(.+)\?$/;

/**
 * The policy layer, as gateway hooks. Before planning: who is calling (JWT), why
 * (X-Purpose, bound to the role), which rows (need-to-know), which fields (labels). The
 * gateway then plans only what is permitted; no subgraph is ever asked for the rest.
 */
export function createPolicyLayer(options: PolicyLayerOptions): GatewayHooks {
  // Apollo hands the same parsed document object for the same query text (its document
  // store), so the filtered document is computed once per query and purpose, and the
  // planner's cache, keyed on the filtered document, is reused too. Kept per policy
  // snapshot: a new supergraph (new labels) starts with an empty cache.
  const filteredBySnapshot = new WeakMap<PolicyEngine, WeakMap<DocumentNode, Map<string, PreparedForPurpose>>>();
  const filterFor = (snapshot: PolicySnapshot, document: DocumentNode, purpose: string, schema: GraphQLSchema): PreparedForPurpose => {
    const { engine } = snapshot;
    let filtered = filteredBySnapshot.get(engine);
    if (!filtered) filteredBySnapshot.set(engine, (filtered = new WeakMap()));
    let byPurpose = filtered.get(document);
    if (!byPurpose) filtered.set(document, (byPurpose = new Map()));
    let result = byPurpose.get(purpose);
    if (!result) {
      const allows = (type: string, field: string) => engine.allowsField(purpose, type, field);
      // A computed field the purpose may read is replaced by its sources (only fields the
      // purpose may read) before filtering; one it may not read is redacted like any other.
      let source = document;
      const computed = new Map<string, ComputedFieldPlan>();
      for (const field of snapshot.computed) {
        if (!allows(field.type, field.name)) continue;
        const plan = field.planFor(purpose, allows);
        const injected = injectComputedSources(schema, source, { type: field.type, field: field.name, sources: plan.sources });
        if (!injected.used) continue;
        source = injected.document;
        computed.set(field.coordinate, plan);
      }
      const filteredDocument = filterDocument(schema, source, allows, engine);
      result = { filtered: { ...filteredDocument, rewritten: filteredDocument.rewritten || computed.size > 0 }, computed };
      byPurpose.set(purpose, result);
    }
    return result;
  };

  return {
    async prepareOperation({ context, document, operation, variables, schema }) {
      const snapshot = options.snapshot();
      const { engine } = snapshot;
      const state = policyState(context, engine.version);
      state.engine = engine;
      state.operation = operation;
      state.schema = schema;
      // Defaults count: `$id: ID = "H-0002"` opens H-0002 as surely as a literal does.
      state.variables = getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced ?? variables;
      state.fragments = fragmentsOf(document);
      state.rows = requestedRows(schema, operation, state.fragments, state.variables, engine);
      state.named = namedSubjects(schema, operation, state.fragments, state.variables, engine);
      const wellFormed = state.rows.filter((row) => engine.isSubjectId(row.type, row.id));
      state.malformedAsked = state.rows.length - wellFormed.length;
      state.asked = [...wellFormed, ...state.named];

      const { identity, purpose, refusal } = await identifyCaller(context.req, options.verifyCaller, engine);
      state.identity = identity;
      state.purpose = purpose;
      if (!identity || !purpose) throw refusal ?? new Error('A caller neither identified nor refused');
      // A purpose over the caller's own records needs a caller who is such a record.
      if (purpose.access === 'self' && !(purpose.selfSubject && engine.isSubjectId(purpose.selfSubject, identity.sub))) throw notSelfSubjectError();
      if (!purpose.schemaIntrospection && asksForSchema(state)) throw schemaHiddenError();
      // Break-glass (docs/domain.md): only a purpose whose policy allows it, with a justification to review.
      const justification = breakGlassJustification(context.req.headers[BREAK_GLASS_HEADER]);
      if (justification !== undefined && !purpose.breakGlass) throw breakGlassNotPermittedError();
      if (justification === null) throw breakGlassJustificationError(BREAK_GLASS_JUSTIFICATION.minLength, BREAK_GLASS_JUSTIFICATION.maxLength);
      // Deny by default: a mutation only when the policy declares that write for this purpose.
      if (operation.operation !== 'query') state.write = checkWrite(state, purpose, engine);
      checkDirectiveConditions(document, state.variables);
      const caller: Caller = { sub: identity.sub, org: identity.org, role: identity.role, purpose: purpose.id };
      const { filtered: result, computed } = filterFor(snapshot, document, purpose.id, schema);
      state.denied = new Set(result.denied);
      state.computed = computed;
      // Need-to-know applies to the rows the planned document still opens: a root field the
      // purpose may not read at all is redacted (FORBIDDEN_FIELD), not a relation question.
      const planned = result.rewritten ? getOperationAST(result.document, operation.name?.value) : operation;
      const rows = planned ? requestedRows(schema, planned, fragmentsOf(result.document), state.variables, engine) : [];
      const brokeGlass = await checkRows(rows, purpose, caller, context.requestId, snapshot, { grants: options.grants, justification });
      if (brokeGlass !== undefined) state.breakGlass = { justification: brokeGlass };
      return result.rewritten ? { document: result.document } : undefined;
    },

    async willSendSubgraphRequest({ agency, request, context }) {
      const state = existingPolicyState(context);
      if (!state?.identity || !state.purpose) throw new Error('A subgraph request without a policy decision');
      const { sub, org, role } = state.identity;
      // Not bound to the request: one token per caller, purpose and agency serves half a
      // minute of requests, so signing (and the subgraph's check) is rarely paid.
      const token = await signCallerToken({ sub, org, role, purpose: state.purpose.id, agency }, options.signer);
      request.http?.headers.set(GATEWAY_TOKEN_HEADER, token);
      request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    },

    async willSendResponse({ context, result }) {
      const state = existingPolicyState(context);
      const engine = state?.engine ?? options.snapshot().engine;
      if (result.errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) {
        // Schema hints only for a caller whose purpose may see the schema (never a citizen).
        const caller = state ?? (await identifyCaller(context.req, options.verifyCaller, engine));
        if (!caller.purpose?.schemaIntrospection) result.errors = result.errors.map(withoutSuggestion);
      }
      if (!state?.purpose || !state.operation || !state.schema || !result.data) return;
      const shaped = shapeResult(
        {
          schema: state.schema,
          operation: state.operation,
          fragments: state.fragments,
          variables: state.variables,
          denied: state.denied,
          labelOf: (coordinate) => engine.labelOf(coordinate),
          purpose: state.purpose.id,
          subjects: engine,
          computed: state.computed,
        },
        result.data,
      );
      state.redacted = shaped.redacted;
      state.returned = shaped.returned;
      state.subjects = shaped.subjects;
      state.malformedReturned = shaped.malformedIds;
      // A subject named by an argument (a look-up by subject) concerns that subject: it gets
      // the label of the root field that named it, when that field returned something.
      for (const named of state.named) {
        const key = `${named.type}:${named.id}`;
        const subject = state.subjects.get(key) ?? { type: named.type, id: named.id, labels: new Set<string>() };
        const label = state.returned.get(named.rootField);
        if (label) subject.labels.add(label);
        state.subjects.set(key, subject);
      }
      // A non-null root field redacted nulls the whole data (GraphQL spec §6.4.4).
      result.data = shaped.data;
      if (shaped.errors.length > 0) {
        result.errors = [...(result.errors ?? []), ...shaped.errors.map((e) => e.toJSON())];
      }
    },
  };
}

/** Does the operation ask for the schema itself (`__schema`, `__type`: root fields only, GraphQL spec §4.2)? */
function asksForSchema(state: { schema?: GraphQLSchema; operation?: OperationDefinitionNode; fragments: ReadonlyMap<string, FragmentDefinitionNode>; variables: Variables }): boolean {
  const root = state.schema && state.operation ? state.schema.getRootType(state.operation.operation) : undefined;
  if (!root || !state.operation) return false;
  const fields = collectFields(root, state.operation.selectionSet.selections, state.fragments, state.variables);
  return [...fields.values()].some((nodes) => nodes.some((node) => INTROSPECTION_FIELDS.has(node.name.value)));
}

function withoutSuggestion(error: GraphQLFormattedError): GraphQLFormattedError {
  return { ...error, message: error.message.replace(SUGGESTION, '') };
}

