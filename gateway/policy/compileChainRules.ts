import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { ChainRules } from '../../policies/ChainRules';
import { PolicyError } from '../../policies/PolicyError';
import { supergraphSubgraphs } from '../../schema/supergraphSubgraphs';
import { COMPUTED_SHAPE, ComputedField, type ResolvedDecision } from './ComputedField';

/** `join__Graph` enum value → subgraph name, and `Type.field` → the subgraphs serving it. */
function servingGraphs(document: DocumentNode): { servedBy(type: string, field: string): string[] } {
  const graphNames = new Map<string, string>();
  const byField = new Map<string, string[]>();
  const byType = new Map<string, string[]>();
  const graphsOf = (directives: readonly ConstDirectiveNode[] | undefined, directive: string): string[] =>
    (directives ?? [])
      .filter((d) => d.name.value === directive)
      .flatMap((d) => d.arguments?.filter((a) => a.name.value === 'graph').map((a) => (a.value.kind === Kind.ENUM ? a.value.value : '')) ?? []);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
        if (graph?.kind === Kind.STRING) graphNames.set(value.name.value, graph.value);
      }
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    byType.set(definition.name.value, graphsOf(definition.directives, 'join__type'));
    for (const field of definition.fields ?? []) byField.set(`${definition.name.value}.${field.name.value}`, graphsOf(field.directives, 'join__field'));
  }
  return {
    servedBy(type, field) {
      const graphs = byField.get(`${type}.${field}`)?.length ? byField.get(`${type}.${field}`)! : (byType.get(type) ?? []);
      return graphs.map((g) => graphNames.get(g) ?? g);
    },
  };
}

/** The object type under a field (through lists and non-null), if it is one. */
function objectUnder(type: GraphQLObjectType, field: string): GraphQLObjectType | undefined {
  const definition = type.getFields()[field];
  const named = definition ? getNamedType(definition.type) : undefined;
  return named && isObjectType(named) ? named : undefined;
}

/**
 * Checks a chain-rules file against the supergraph it will run over and compiles it: the
 * served field exists with the rules' label and a shape the gateway fills; every decision's
 * agency is a subgraph that serves the decision; every path, reason and date field exists;
 * every reason code is a value of the reason field's enum; every breaker is a subgraph.
 * Any mistake stops start-up (or refuses a new supergraph), naming the file and the rule.
 */
export function compileChainRules(rules: ChainRules, supergraphSdl: string, labelOf: (coordinate: string) => string | undefined): ComputedField {
  const fail = (at: string, reason: string): never => {
    throw new PolicyError(rules.file, at, reason);
  };
  const document = parse(supergraphSdl);
  const schema: GraphQLSchema = buildASTSchema(document, { assumeValidSDL: true });
  const agencies = supergraphSubgraphs(document);
  const graphs = servingGraphs(document);
  const knownAgency = (agency: string, at: string) => {
    if (!agencies.has(agency)) fail(at, `unknown agency "${agency}" (the supergraph has: ${[...agencies.keys()].join(', ')})`);
  };

  const { field } = rules;
  const host = schema.getType(field.on);
  if (!host || !isObjectType(host)) return fail('field.on', `"${field.on}" is not an object type of the supergraph`);
  const served = host.getFields()[field.name];
  if (!served) return fail('field.name', `${field.on} has no field "${field.name}"; declare it in the schema of the subgraph that owns ${field.on}`);
  const label = labelOf(`${field.on}.${field.name}`);
  if (label !== field.label) fail('field.label', `${field.on}.${field.name} is labelled "${label ?? '(none)'}" in the schema, not "${field.label}"`);
  const chainType = getNamedType(served.type);
  const nullableType = isNonNullType(served.type) ? served.type.ofType : served.type;
  if (!isListType(nullableType) || !isObjectType(chainType)) return fail('field.name', `${field.on}.${field.name} must be a list of objects`);
  const checkShape = (type: GraphQLObjectType, known: readonly string[], at: string) => {
    for (const name of Object.keys(type.getFields())) {
      if (!known.includes(name)) fail(at, `${type.name}.${name} is not something the gateway computes (it fills: ${known.join(', ')})`);
    }
  };
  checkShape(chainType, COMPUTED_SHAPE.chain, 'field.name');
  for (const part of ['steps', 'breakers'] as const) {
    const inner = objectUnder(chainType, part);
    if (inner) checkShape(inner, COMPUTED_SHAPE[part], 'field.name');
  }

  const decisions = new Map<string, ResolvedDecision>();
  const reasonValues = new Map<string, Set<string>>();
  for (const decision of rules.decisions.values()) {
    const at = `decisions.${decision.id}`;
    knownAgency(decision.agency, `${at}.agency`);
    const reads: Array<readonly [string, string]> = [];
    let type: GraphQLObjectType = host;
    let last: readonly [string, string] | undefined;
    for (const name of decision.at) {
      if (!type.getFields()[name]) return fail(`${at}.at`, `${type.name} has no field "${name}"`);
      reads.push([type.name, name]);
      last = [type.name, name];
      const next = objectUnder(type, name);
      if (!next) return fail(`${at}.at`, `${type.name}.${name} is not an object (a decision is an object with a reason and a date)`);
      type = next;
    }
    const owners = graphs.servedBy(last![0], last![1]);
    if (!owners.includes(decision.agency)) fail(`${at}.agency`, `${last![0]}.${last![1]} is served by ${owners.join(', ') || 'no subgraph'}, not by "${decision.agency}"`);
    const reason = type.getFields()[decision.reason];
    const reasonType = reason ? getNamedType(reason.type) : undefined;
    if (!reason || !reasonType || !isEnumType(reasonType)) return fail(`${at}.reason`, `${type.name}.${decision.reason} must be a field whose type is an enum of reason codes`);
    const date = type.getFields()[decision.date];
    if (!date || !isLeafType(getNamedType(date.type))) return fail(`${at}.date`, `${type.name} has no scalar field "${decision.date}"`);
    reads.push([type.name, decision.reason], [type.name, decision.date]);
    decisions.set(decision.id, { decision, reads });
    reasonValues.set(decision.id, new Set(reasonType.getValues().map((v) => v.name)));
  }

  rules.rules.forEach((rule, index) => {
    const at = `rules[${index}] (${rule.id})`;
    rule.steps.forEach((step, k) => {
      const known = reasonValues.get(step.decision)!;
      if (!known.has(step.reason)) fail(`${at}.steps[${k}].reason`, `unknown reason code "${step.reason}" for ${step.decision} (known: ${[...known].join(', ')})`);
    });
    rule.breakers.forEach((breaker, k) => knownAgency(breaker.agency, `${at}.breakers[${k}].agency`));
  });
  return new ComputedField(rules, decisions);
}
