import {
  buildASTSchema,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { signDevToken } from '../../gateway/auth/signDevToken';
import { loadPolicy } from '../../policies/loadPolicy';
import type { Policy } from '../../policies/Policy';
import { readLabelMap, type LabelMap } from '../../schema/readLabelMap';
import { Random } from '../../seed/random';
import { PROFESSIONAL_ROLE, type World, type WorldHousehold } from '../../seed/world';

/**
 * The whole household view: every field every agency holds, as a case worker's app would
 * ask it. Each purpose gets this view cut down to the fields its labels permit
 * (`viewForPurpose`), so the full gateway redacts nothing and both gateways do the same
 * work and return the same data.
 */
export const FULL_HOUSEHOLD_VIEW = `query HouseholdView($id: ID!) {
  household(id: $id) {
    id
    address { street houseNumber postalCode city kind }
    members {
      id name birthDate householdRole
      debtCase { id status refusalReason totalDebt registeredAt creditors { name kind amount } }
      paymentArrears { kind creditor amount months signaledAt }
      benefits { kind monthlyAmount since }
      safetyFlag
      safetyReports { id kind status receivedAt summary }
      shelterStay { shelter since until withChildren note }
      youthCare { id kind placement underSupervisionOrder since until note }
    }
    involvements { agency since contact { name organisation phone } }
    relations { kind agency since professional { sub name organisation role } }
    coordinationCase { id status openedAt goals coordinator { sub name organisation role } }
    tenancy { landlord status monthlyRent rentArrears arrearsMonths eviction startDate endDate }
    urgencyApplication { id status submittedAt decidedAt decisionReason }
  }
}`;

/** The supergraph as a plain graphql-js schema: enough to know each field's type. */
function supergraphSchema(supergraphSdl: string): GraphQLSchema {
  return buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
}

function keepPermitted(set: SelectionSetNode, parent: GraphQLObjectType, labels: LabelMap, permitted: ReadonlySet<string>): SelectionSetNode | undefined {
  const selections: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) throw new Error('the bench view uses plain fields only');
    const name = selection.name.value;
    const label = labels.get(`${parent.name}.${name}`);
    if (label === undefined || !permitted.has(label)) continue;
    if (!selection.selectionSet) {
      selections.push(selection);
      continue;
    }
    const field = parent.getFields()[name];
    const type = field && getNamedType(field.type);
    if (!type || !isObjectType(type)) throw new Error(`${parent.name}.${name} is not an object field of the supergraph`);
    const inner = keepPermitted(selection.selectionSet, type, labels, permitted);
    if (inner) selections.push({ ...selection, selectionSet: inner });
  }
  return selections.length > 0 ? { ...set, selections } : undefined;
}

/** `view` with every field whose `@label` the purpose does not permit removed (and objects left empty by that). */
export function viewForLabels(view: string, supergraphSdl: string, permitted: ReadonlySet<string>): string {
  const schema = supergraphSchema(supergraphSdl);
  const labels = readLabelMap(supergraphSdl);
  const document = parse(view);
  const operation = document.definitions[0];
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('the view must be one operation');
  const selectionSet = keepPermitted(operation.selectionSet, schema.getQueryType()!, labels, permitted);
  if (!selectionSet) throw new Error(`no field of the view is permitted for labels ${[...permitted].join(', ')}`);
  const filtered: DocumentNode = { ...document, definitions: [{ ...operation, selectionSet }] };
  return print(filtered);
}

export interface PurposeViews {
  policy: Policy;
  /** purpose id → the household view cut to that purpose's labels. */
  views: Map<string, string>;
  /** role → its (first) purpose; roles without a purpose are missing. */
  purposeOfRole: Map<string, string>;
}

export function purposeViews(supergraphSdl: string, policy: Policy = loadPolicy()): PurposeViews {
  const views = new Map<string, string>();
  const purposeOfRole = new Map<string, string>();
  for (const role of policy.roles.values()) {
    const purpose = role.purposes[0];
    if (purpose === undefined) continue;
    const labels = new Set(policy.purposes.get(purpose)?.labels ?? []);
    // toezicht / inzage permit only `audit`: no household view at all.
    if (!labels.has('household')) continue;
    purposeOfRole.set(role.id, purpose);
    if (!views.has(purpose)) views.set(purpose, viewForLabels(FULL_HOUSEHOLD_VIEW, supergraphSdl, labels));
  }
  return { policy, views, purposeOfRole };
}

/** One request of the load: who asks which household for which purpose. */
export interface LoadItem {
  /** What kind of request this is (`ok` in the benchmark; the load test mixes refusals). */
  kind: string;
  householdId: string;
  sub: string;
  role: string;
  purpose?: string;
  /** The JSON body, ready to send. */
  body: string;
  headers: Record<string, string>;
  /** Expected `extensions.code` of the first error; undefined: no errors at all. */
  expectCode?: string;
}

export interface Caller {
  sub: string;
  role: string;
  org?: string;
  name?: string;
}

/** Signs each caller's development token once (HS256 with the documented dev secret). */
export class TokenBook {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly config = resolveAuthConfig({ mode: 'development' });

  token(caller: Caller): Promise<string> {
    const key = `${caller.sub}\u0000${caller.role}\u0000${caller.org ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = signDevToken({ sub: caller.sub, role: caller.role, org: caller.org, name: caller.name, ttlSeconds: 6 * 3600 }, this.config);
      this.tokens.set(key, token);
    }
    return token;
  }
}

export function requestBody(query: string, householdId: string): string {
  return JSON.stringify({ query, operationName: 'HouseholdView', variables: { id: householdId } });
}

/** `count` distinct households, a deterministic sample of the world. */
export function sampleHouseholds(world: World, count: number, seed: number, accept: (household: WorldHousehold) => boolean = () => true): WorldHousehold[] {
  const rng = new Random(seed);
  const order = world.households.map((_, index) => index);
  // Fisher-Yates, stopped as soon as enough households are accepted.
  const chosen: WorldHousehold[] = [];
  for (let i = 0; i < order.length && chosen.length < count; i += 1) {
    const j = i + Math.floor(rng.next() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    const household = world.households[order[i]!]!;
    if (accept(household)) chosen.push(household);
  }
  return chosen;
}

/** The professionals related to a household whose role has a purpose with a household view. */
export function relatedProfessionals(household: WorldHousehold, views: PurposeViews): Array<{ sub: string; role: string; org: string; purpose: string }> {
  const result: Array<{ sub: string; role: string; org: string; purpose: string }> = [];
  for (const involvement of household.involvements) {
    const role = PROFESSIONAL_ROLE[involvement.agency];
    const purpose = views.purposeOfRole.get(role);
    // inkomen's role has no purpose: it registers involvement, it reads nothing.
    if (purpose === undefined) continue;
    result.push({ sub: involvement.professional, role, org: involvement.agency, purpose });
  }
  return result;
}

/**
 * The benchmark's load: `count` random households, each with one professional related to
 * it and that professional's purpose, asking the view that purpose permits in full.
 */
/**
 * A load of `count` views asked by at most `professionals` distinct professionals: for the
 * scale run, which must compare database sizes, not how often the gateway's per-caller
 * caches (caller tokens, need-to-know look-ups) hit. A larger world spreads the same
 * number of households over more professionals; this holds that number constant.
 */
export async function buildScaleLoad(world: World, views: PurposeViews, count: number, professionals: number, seed: number, tokens = new TokenBook()): Promise<LoadItem[]> {
  const candidates = await buildBenchLoad(world, views, Math.min(world.households.length, count * 40), seed, tokens);
  const chosen = new Set<string>();
  const items: LoadItem[] = [];
  for (const item of candidates) {
    if (!chosen.has(item.sub)) {
      if (chosen.size >= professionals) continue;
      chosen.add(item.sub);
    }
    items.push(item);
    if (items.length >= count) break;
  }
  return items;
}

export async function buildBenchLoad(world: World, views: PurposeViews, count: number, seed: number, tokens = new TokenBook()): Promise<LoadItem[]> {
  const rng = new Random(seed + 1);
  const names = new Map(world.professionals.map((p) => [p.sub, p.name]));
  const households = sampleHouseholds(world, count, seed, (h) => relatedProfessionals(h, views).length > 0);
  return Promise.all(
    households.map(async (household): Promise<LoadItem> => {
      const professional = rng.pick(relatedProfessionals(household, views));
      const token = await tokens.token({ ...professional, name: names.get(professional.sub) });
      return {
        kind: 'ok',
        householdId: household.id,
        sub: professional.sub,
        role: professional.role,
        purpose: professional.purpose,
        body: requestBody(views.views.get(professional.purpose)!, household.id),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': professional.purpose },
      };
    }),
  );
}
