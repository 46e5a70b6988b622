import fs from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { GatewayHooks } from '../../gateway/GatewayHooks';
import { AGENCIES, type AgencyName } from '../../seed/world';
import { headersFor, type TestCaller } from './callers';
import type { GraphQLAnswer } from './graphqlRequest';
import type { RunningSystem } from './startSystem';

/*
 * Expectations for the policy layer (issue 3), so a test reads like a row of a table:
 *
 *   await view.expectVisible(DEMO.regisseur, ['household.members.0.debtCase.totalDebt']);
 *   await view.expectRedacted(DEMO.regisseur, ['household.members.0.debtCase.creditors']);
 *
 * The oracle is docs/domain.md (the label of each field and the labels each purpose permits),
 * written out here by hand, never read from policies/policy.yaml: a test that asked the
 * implementation what to expect could not fail.
 */

export type Json = Record<string, unknown>;
export type GraphQLErrorJson = NonNullable<GraphQLAnswer['body']['errors']>[number];

// ---------------------------------------------------------------------------------------
// docs/domain.md as data
// ---------------------------------------------------------------------------------------

/** docs/domain.md "Labels": every field of every subgraph has exactly one of these. */
export const DOMAIN_LABELS = [
  'id',
  'identity',
  'address',
  'household',
  'involvement',
  'case',
  'housing',
  'financial-summary',
  'financial-detail',
  'safety-flag',
  'special-safety',
  'special-health',
  'audit',
  'blockage',
  'early-signal',
] as const;
export type Label = (typeof DOMAIN_LABELS)[number];

export interface PurposeRow {
  role: string;
  purpose: string;
  /** The demo professional (or citizen) of docs/domain.md who holds this role. */
  caller: TestCaller & { purpose: string };
  labels: readonly Label[];
  /** `false` for the privacy officer and the citizen: no household data at all. */
  householdData: boolean;
}

/** docs/domain.md "Roles, purposes and what each purpose may see", with the demo callers. */
export const PURPOSE_MATRIX: readonly PurposeRow[] = [
  {
    role: 'regisseur',
    purpose: 'regie',
    caller: { sub: 'u-regisseur-1', role: 'regisseur', purpose: 'regie' },
    labels: ['id', 'identity', 'address', 'household', 'involvement', 'case', 'housing', 'financial-summary', 'safety-flag', 'blockage'],
    householdData: true,
  },
  {
    role: 'schuldhulpverlener',
    purpose: 'schuldhulp',
    caller: { sub: 'u-schuld-1', role: 'schuldhulpverlener', purpose: 'schuldhulp' },
    labels: ['id', 'identity', 'address', 'household', 'involvement', 'financial-summary', 'financial-detail', 'housing'],
    householdData: true,
  },
  {
    role: 'woonconsulent',
    purpose: 'woonurgentie',
    caller: { sub: 'u-wonen-1', role: 'woonconsulent', purpose: 'woonurgentie' },
    labels: ['id', 'identity', 'address', 'household', 'involvement', 'housing', 'financial-summary', 'safety-flag'],
    householdData: true,
  },
  {
    role: 'jeugdbeschermer',
    purpose: 'jeugdbescherming',
    caller: { sub: 'u-jeugd-1', role: 'jeugdbeschermer', purpose: 'jeugdbescherming' },
    labels: ['id', 'identity', 'address', 'household', 'involvement', 'case', 'safety-flag', 'special-safety', 'special-health', 'blockage'],
    householdData: true,
  },
  {
    role: 'veiligthuis-medewerker',
    purpose: 'veiligheid',
    caller: { sub: 'u-vt-1', role: 'veiligthuis-medewerker', purpose: 'veiligheid' },
    labels: ['id', 'identity', 'address', 'household', 'involvement', 'case', 'safety-flag', 'special-safety', 'special-health', 'blockage'],
    householdData: true,
  },
  {
    role: 'vroegsignaleerder',
    purpose: 'vroegsignalering',
    caller: { sub: 'u-vroeg-1', role: 'vroegsignaleerder', purpose: 'vroegsignalering' },
    labels: ['early-signal'],
    householdData: false,
  },
  {
    role: 'privacy-officer',
    purpose: 'toezicht',
    caller: { sub: 'u-privacy-1', role: 'privacy-officer', purpose: 'toezicht' },
    labels: ['audit'],
    householdData: false,
  },
  {
    role: 'burger',
    purpose: 'inzage',
    caller: { sub: 'P-0001', role: 'burger', purpose: 'inzage' },
    labels: ['audit'],
    householdData: false,
  },
];

export function purposeRow(purpose: string): PurposeRow {
  const row = PURPOSE_MATRIX.find((r) => r.purpose === purpose);
  if (!row) throw new Error(`No purpose ${purpose} in docs/domain.md`);
  return row;
}

/** Words that occur only in H-0001's records: none may appear in a refused answer. */
export const H0001_SECRETS = [
  'Samira',
  'Noah',
  'Lina',
  'de Vries',
  'Spui',
  '2511 BT',
  'P-0001',
  'P-0002',
  'P-0003',
  'Blijf Groep',
  'Woonstad',
  'Belastingdienst',
  'PARTICIPATIEWET',
  'PLEEGZORG',
  'HUISELIJK_GEWELD',
  'Restschuld',
] as const;

// ---------------------------------------------------------------------------------------
// The household view and its fields
// ---------------------------------------------------------------------------------------

/** Everything every agency knows of a household, one field of each kind (issue 2's view). */
export const HOUSEHOLD_VIEW = `query HouseholdView($id: ID!) {
  household(id: $id) {
    id
    address { street houseNumber postalCode city kind }
    involvements { agency contact { name organisation phone } since }
    relations { kind agency professional { sub name } since }
    coordinationCase { id status goals }
    blockages { rule steps { agency reasonCode } }
    tenancy { landlord status rentArrears eviction }
    urgencyApplication { id status decisionReason }
    members {
      id name birthDate householdRole
      household { id }
      debtCase { id status refusalReason totalDebt creditors { name kind amount } }
      safetyFlag
      safetyReports { id kind status summary }
      shelterStay { shelter since withChildren note }
      youthCare { id kind placement underSupervisionOrder note }
      paymentArrears { kind creditor amount months }
      benefits { kind monthlyAmount }
    }
  }
}`;

export interface ViewField {
  /** Response path in HOUSEHOLD_VIEW; `*` stands for any member index. */
  pattern: string;
  /** `Type.field` in the public schema. */
  coordinate: string;
  /** Its label per docs/domain.md (checked against the schemas' @label by a test). */
  label: Label;
  /** Where H-0001 holds a non-null value for it, so "visible" can be told from "empty". */
  witness: string;
}

/** The object-valued and interesting fields of HOUSEHOLD_VIEW, with their docs/domain.md labels. */
export const VIEW_FIELDS: readonly ViewField[] = [
  { pattern: 'household', coordinate: 'Query.household', label: 'id', witness: 'household' },
  { pattern: 'household.id', coordinate: 'Household.id', label: 'id', witness: 'household.id' },
  { pattern: 'household.address', coordinate: 'Household.address', label: 'address', witness: 'household.address.city' },
  { pattern: 'household.involvements', coordinate: 'Household.involvements', label: 'involvement', witness: 'household.involvements.0.contact.phone' },
  { pattern: 'household.relations', coordinate: 'Household.relations', label: 'case', witness: 'household.relations.0.professional.sub' },
  { pattern: 'household.coordinationCase', coordinate: 'Household.coordinationCase', label: 'case', witness: 'household.coordinationCase.status' },
  { pattern: 'household.blockages', coordinate: 'Household.blockages', label: 'blockage', witness: 'household.blockages.0.rule' },
  { pattern: 'household.tenancy', coordinate: 'Household.tenancy', label: 'housing', witness: 'household.tenancy.rentArrears' },
  { pattern: 'household.urgencyApplication', coordinate: 'Household.urgencyApplication', label: 'housing', witness: 'household.urgencyApplication.decisionReason' },
  { pattern: 'household.members', coordinate: 'Household.members', label: 'household', witness: 'household.members.2.id' },
  { pattern: 'household.members.*.id', coordinate: 'Person.id', label: 'id', witness: 'household.members.0.id' },
  { pattern: 'household.members.*.name', coordinate: 'Person.name', label: 'identity', witness: 'household.members.0.name' },
  { pattern: 'household.members.*.birthDate', coordinate: 'Person.birthDate', label: 'identity', witness: 'household.members.0.birthDate' },
  { pattern: 'household.members.*.householdRole', coordinate: 'Person.householdRole', label: 'household', witness: 'household.members.0.householdRole' },
  { pattern: 'household.members.*.household', coordinate: 'Person.household', label: 'household', witness: 'household.members.0.household.id' },
  { pattern: 'household.members.*.debtCase', coordinate: 'Person.debtCase', label: 'financial-summary', witness: 'household.members.0.debtCase.totalDebt' },
  { pattern: 'household.members.*.debtCase.creditors', coordinate: 'DebtCase.creditors', label: 'financial-detail', witness: 'household.members.0.debtCase.creditors.3.amount' },
  { pattern: 'household.members.*.safetyFlag', coordinate: 'Person.safetyFlag', label: 'safety-flag', witness: 'household.members.0.safetyFlag' },
  { pattern: 'household.members.*.safetyReports', coordinate: 'Person.safetyReports', label: 'special-safety', witness: 'household.members.0.safetyReports.0.summary' },
  { pattern: 'household.members.*.shelterStay', coordinate: 'Person.shelterStay', label: 'special-safety', witness: 'household.members.0.shelterStay.shelter' },
  { pattern: 'household.members.*.youthCare', coordinate: 'Person.youthCare', label: 'special-health', witness: 'household.members.1.youthCare.placement' },
  { pattern: 'household.members.*.paymentArrears', coordinate: 'Person.paymentArrears', label: 'financial-summary', witness: 'household.members.0.paymentArrears.2.months' },
  { pattern: 'household.members.*.benefits', coordinate: 'Person.benefits', label: 'financial-detail', witness: 'household.members.0.benefits.0.monthlyAmount' },
];

function parentPattern(pattern: string): string | undefined {
  const parts = pattern.split('.');
  while (parts.length > 1) {
    parts.pop();
    const candidate = parts.join('.');
    if (VIEW_FIELDS.some((f) => f.pattern === candidate)) return candidate;
  }
  return undefined;
}

/** The view field a concrete response path stands for (`household.members.1.youthCare` → youthCare). */
export function viewFieldAt(responsePath: string): ViewField {
  const pattern = responsePath.replace(/\.\d+(?=\.|$)/g, (match, offset: number) => (responsePath.slice(0, offset).endsWith('members') ? '.*' : match));
  const field = VIEW_FIELDS.find((f) => f.pattern === pattern);
  if (!field) throw new Error(`${responsePath} is not a field of HOUSEHOLD_VIEW's table`);
  return field;
}

/** For a purpose: which view fields must come back, which redacted, which vanish under a redacted parent. */
export function viewExpectation(labels: readonly string[]): { visible: ViewField[]; redacted: ViewField[]; underRedacted: ViewField[] } {
  const permitted = (f: ViewField) => labels.includes(f.label);
  const ancestorsPermitted = (f: ViewField): boolean => {
    const parent = parentPattern(f.pattern);
    if (!parent) return true;
    const parentField = VIEW_FIELDS.find((p) => p.pattern === parent)!;
    return permitted(parentField) && ancestorsPermitted(parentField);
  };
  const visible: ViewField[] = [];
  const redacted: ViewField[] = [];
  const underRedacted: ViewField[] = [];
  for (const field of VIEW_FIELDS) {
    if (!ancestorsPermitted(field)) underRedacted.push(field);
    else if (permitted(field)) visible.push(field);
    else redacted.push(field);
  }
  return { visible, redacted, underRedacted };
}

// ---------------------------------------------------------------------------------------
// Reading answers
// ---------------------------------------------------------------------------------------

export function splitPath(responsePath: string): Array<string | number> {
  return responsePath.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const MISSING = Symbol('missing');

/** The value at a response path, or MISSING when a key on the way is absent. */
function lookup(data: unknown, responsePath: string): unknown {
  let value: unknown = data;
  for (const part of splitPath(responsePath)) {
    if (value === null || typeof value !== 'object') return MISSING;
    const container = value as Record<string | number, unknown>;
    if (!(part in container)) return MISSING;
    value = container[part];
  }
  return value;
}

export function valueAt(answer: GraphQLAnswer, responsePath: string): unknown {
  const value = lookup(answer.body.data, responsePath);
  return value === MISSING ? undefined : value;
}

export function errorsWithCode(answer: GraphQLAnswer, code: string): GraphQLErrorJson[] {
  return (answer.body.errors ?? []).filter((e) => e.extensions?.code === code);
}

/** Every FORBIDDEN_FIELD error's response path, dotted, sorted. */
export function forbiddenFieldPaths(answer: GraphQLAnswer): string[] {
  return errorsWithCode(answer, 'FORBIDDEN_FIELD')
    .map((e) => (e.path ?? []).join('.'))
    .sort();
}

/** Expands `household.members.*.x` over the members actually in `data`, keeping paths whose parent holds an object. */
export function expandPattern(answer: GraphQLAnswer, pattern: string): string[] {
  const [head, tail] = pattern.split('.*');
  if (tail === undefined) return [pattern];
  const list = lookup(answer.body.data, head!);
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, index) => {
    const concrete = `${head}.${index}${tail}`;
    const parent = concrete.split('.').slice(0, -1).join('.');
    const parentValue = lookup(answer.body.data, parent);
    return parentValue !== null && typeof parentValue === 'object' ? [concrete] : [];
  });
}

function show(answer: GraphQLAnswer): string {
  return JSON.stringify(answer.body).slice(0, 2000);
}

// ---------------------------------------------------------------------------------------
// Expectations on one answer
// ---------------------------------------------------------------------------------------

/** Each path holds a real (non-null) value, and no error points at it. */
export function expectVisibleIn(answer: GraphQLAnswer, paths: readonly string[]): void {
  const errorPaths = new Set((answer.body.errors ?? []).map((e) => (e.path ?? []).join('.')));
  for (const responsePath of paths) {
    const value = lookup(answer.body.data, responsePath);
    if (value === MISSING || value === null) {
      throw new Error(`expected ${responsePath} to be visible, but it is ${value === MISSING ? 'missing' : 'null'} in ${show(answer)}`);
    }
    expect(errorPaths.has(responsePath)).toBe(false);
  }
}

export interface Redaction {
  path: string;
  label: string;
  purpose: string;
  /** `Type.field`; checked when given. */
  field?: string;
}

/**
 * Each path is present and null, with exactly one FORBIDDEN_FIELD error whose `path`,
 * `extensions.path`, `label` and `purpose` name it, and a message a case worker can read.
 */
export function expectRedactedIn(answer: GraphQLAnswer, redactions: readonly Redaction[]): void {
  for (const { path: responsePath, label, purpose, field } of redactions) {
    const value = lookup(answer.body.data, responsePath);
    if (value !== null) {
      throw new Error(`expected ${responsePath} to be redacted (null), but it is ${value === MISSING ? 'missing' : JSON.stringify(value)} in ${show(answer)}`);
    }
    const expectedPath = splitPath(responsePath);
    const matching = errorsWithCode(answer, 'FORBIDDEN_FIELD').filter((e) => JSON.stringify(e.path) === JSON.stringify(expectedPath));
    if (matching.length !== 1) throw new Error(`expected one FORBIDDEN_FIELD error at ${responsePath}, found ${matching.length} in ${show(answer)}`);
    const error = matching[0]!;
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', path: expectedPath, label, purpose });
    if (field) expect(error.extensions?.field).toBe(field);
    expect(error.message).toContain(`"${label}"`);
    expect(error.message).toContain(`"${purpose}"`);
  }
}

/**
 * The whole request was refused: HTTP status, exactly one error with `code`, no data
 * (neither `data` nor `null` with content), and none of `secrets` anywhere in the body.
 */
export function expectRefused(answer: GraphQLAnswer, expected: { code: string; status: number; secrets?: readonly string[] }): GraphQLErrorJson {
  expect(answer.status).toBe(expected.status);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  const error = answer.body.errors![0]!;
  expect(error.extensions?.code).toBe(expected.code);
  expect(error.message.length).toBeGreaterThan(20);
  expectNoLeak(answer, expected.secrets ?? H0001_SECRETS);
  return error;
}

/** None of `needles` occurs anywhere in the JSON body (data, errors, extensions). */
export function expectNoLeak(answer: GraphQLAnswer, needles: readonly string[]): void {
  const text = JSON.stringify(answer.body);
  const leaked = needles.filter((needle) => text.includes(needle));
  if (leaked.length > 0) throw new Error(`the answer leaks ${leaked.join(', ')}: ${text.slice(0, 1500)}`);
}

// ---------------------------------------------------------------------------------------
// Expectations bound to a running system: expectVisible(caller, paths)
// ---------------------------------------------------------------------------------------

export interface ViewExpectations {
  /** The answer to the view for this caller (asked once per caller and cached). */
  answer(caller: TestCaller): Promise<GraphQLAnswer>;
  expectVisible(caller: TestCaller, paths: readonly string[]): Promise<void>;
  /** Labels come from VIEW_FIELDS (docs/domain.md), the purpose from the caller. */
  expectRedacted(caller: TestCaller, paths: readonly string[]): Promise<void>;
}

/** `expectVisible` / `expectRedacted` for one query (default: HOUSEHOLD_VIEW of H-0001). */
export function viewExpectations(system: () => RunningSystem, options: { query?: string; variables?: Json } = {}): ViewExpectations {
  const query = options.query ?? HOUSEHOLD_VIEW;
  const variables = options.variables ?? { id: 'H-0001' };
  const answers = new Map<string, Promise<GraphQLAnswer>>();
  const answer = (caller: TestCaller): Promise<GraphQLAnswer> => {
    const key = JSON.stringify(caller);
    let pending = answers.get(key);
    if (!pending) {
      pending = headersFor(caller).then((headers) => system().query(query, { variables, headers }));
      answers.set(key, pending);
    }
    return pending;
  };
  return {
    answer,
    async expectVisible(caller, paths) {
      expectVisibleIn(await answer(caller), paths);
    },
    async expectRedacted(caller, paths) {
      if (!caller.purpose) throw new Error('expectRedacted needs a caller with a purpose');
      const purpose = caller.purpose;
      expectRedactedIn(
        await answer(caller),
        paths.map((p) => {
          const field = viewFieldAt(p);
          return { path: p, label: field.label, purpose, field: field.coordinate };
        }),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------
// What the subgraphs received
// ---------------------------------------------------------------------------------------

/** The request header that ties the subgraph requests a gateway request caused to a test. */
export const TEST_TAG_HEADER = 'x-test-tag';

export interface SubgraphCall {
  agency: string;
  query: string;
  /** Every `Type.field` the query selects, resolved against that agency's own schema. */
  coordinates: Set<string>;
}

export interface SubgraphRecorder {
  /** Pass in `startSystem({ gateway: { hooks: [recorder.hook] } })`; runs after the policy layer. */
  hook: GatewayHooks;
  /** Headers that tag a gateway request, so its subgraph requests can be found. */
  tag(name: string): Record<string, string>;
  calls(tag: string): SubgraphCall[];
  callsTo(tag: string, agency: AgencyName): SubgraphCall[];
}

const ROOT = path.resolve(__dirname, '..', '..');

/** An agency's `schema.graphql`, as its developer wrote it. */
export function agencySdl(agency: string): string {
  return fs.readFileSync(path.join(ROOT, 'subgraphs', agency, 'schema.graphql'), 'utf8');
}

const subgraphSchemas = new Map<string, GraphQLSchema>();
function subgraphSchema(agency: string): GraphQLSchema {
  let schema = subgraphSchemas.get(agency);
  if (!schema) {
    schema = buildSubgraphSchema({ typeDefs: parse(agencySdl(agency)) });
    subgraphSchemas.set(agency, schema);
  }
  return schema;
}

/** `Type.field` of every field a document selects (not `__typename`), resolved with TypeInfo. */
export function selectedCoordinates(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        coordinates.add(`${parent ? getNamedType(parent).name : '?'}.${node.name.value}`);
      },
    }),
  );
  return coordinates;
}

export function subgraphRecorder(): SubgraphRecorder {
  const calls = new Map<string, SubgraphCall[]>();
  return {
    hook: {
      willSendSubgraphRequest({ agency, request, context }) {
        const tag = context.req.headers[TEST_TAG_HEADER];
        const key = typeof tag === 'string' ? decodeURIComponent(tag) : '(untagged)';
        const query = request.query ?? '';
        const list = calls.get(key) ?? [];
        list.push({ agency, query, coordinates: selectedCoordinates(subgraphSchema(agency), parse(query)) });
        calls.set(key, list);
      },
    },
    // Header values are ASCII; test names need not be.
    tag: (name) => ({ [TEST_TAG_HEADER]: encodeURIComponent(name) }),
    calls: (tag) => calls.get(tag) ?? [],
    callsTo: (tag, agency) => (calls.get(tag) ?? []).filter((c) => c.agency === agency),
  };
}

// ---------------------------------------------------------------------------------------
// Labels as the agencies wrote them
// ---------------------------------------------------------------------------------------

/** `Type.field` → every @label category written on it, read from each agency's schema.graphql. */
export function schemaLabels(agencies: readonly string[] = AGENCIES): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  for (const agency of agencies) {
    for (const definition of parse(agencySdl(agency)).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      for (const field of definition.fields ?? []) {
        const categories = (field.directives ?? [])
          .filter((d) => d.name.value === 'label')
          .map((d) => {
            const arg = d.arguments?.find((a) => a.name.value === 'category');
            return arg?.value.kind === Kind.STRING ? arg.value.value : '?';
          });
        const coordinate = `${definition.name.value}.${field.name.value}`;
        labels.set(coordinate, [...new Set([...(labels.get(coordinate) ?? []), ...categories])]);
      }
    }
  }
  return labels;
}

/** The single label of a coordinate, as the schemas declare it (throws if not exactly one). */
export function schemaLabelOf(labels: Map<string, string[]>, coordinate: string): string {
  const found = labels.get(coordinate);
  if (!found || found.length !== 1) throw new Error(`${coordinate} has labels ${JSON.stringify(found)} in the agency schemas`);
  return found[0]!;
}

/**
 * The `agency: Type.field (label)` of every field the recorded subgraph requests asked for
 * whose label is not in `permitted`; empty when the agencies were asked only what the purpose may see.
 */
let cachedLabels: Map<string, string[]> | undefined;
export function askedBeyond(calls: readonly SubgraphCall[], permitted: readonly string[]): string[] {
  const labels = (cachedLabels ??= schemaLabels());
  return calls.flatMap((call) =>
    [...call.coordinates]
      .filter((coordinate) => coordinate !== 'Query._entities')
      .map((coordinate) => ({ coordinate, label: schemaLabelOf(labels, coordinate) }))
      .filter(({ label }) => !permitted.includes(label))
      .map(({ coordinate, label }) => `${call.agency}: ${coordinate} (${label})`),
  );
}
