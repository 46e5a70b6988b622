import type { SubgraphContext } from '../kit/AgencyDefinition';
import {
  accessOf,
  agencySensitivity,
  householdsOf,
  type CoordinationRecord,
  type GemeenteLoaders,
  type GoalLabel,
  type HouseholdRecord,
  type PersonRecord,
  type RegistrationRecord,
} from './store';
import type { Store } from '../kit/Store';

type Context = SubgraphContext<GemeenteLoaders>;

/** `case`: every agency whose involvement is no special category; otherwise that category. */
type Sensitivity = GoalLabel;

export function createResolvers(store: Store) {
  // Read once: which agencies' involvement is itself special-category data.
  const sensitivity = agencySensitivity(store);
  const sensitivityOf = (agency: string): Sensitivity => sensitivity.get(agency) ?? 'case';

  const registrationsOf = async (household: HouseholdRecord, ctx: Context, wanted: Sensitivity): Promise<RegistrationRecord[]> =>
    (await ctx.loaders.registrations.load(household.id)).filter((r) => sensitivityOf(r.agency) === wanted);

  const involvements = (wanted: Sensitivity) => async (household: HouseholdRecord, _: unknown, ctx: Context) =>
    (await registrationsOf(household, ctx, wanted)).map((r) => ({
      agency: r.agency,
      since: r.since,
      contact: { name: r.professional.name, organisation: r.professional.organisation, phone: r.professional.phone },
    }));

  const relations = (wanted: Sensitivity) => async (household: HouseholdRecord, _: unknown, ctx: Context) => {
    const [registrations, coordination] = await Promise.all([registrationsOf(household, ctx, wanted), ctx.loaders.coordination.load(household.id)]);
    const found = registrations.map((r) => ({ kind: 'REGISTRATIE', agency: r.agency, since: r.since, professional: r.professional }));
    if (wanted === sensitivityOf('gemeente') && coordination && coordination.status !== 'AFGESLOTEN') {
      found.push({ kind: 'REGIE', agency: 'gemeente', since: coordination.openedAt, professional: coordination.coordinator });
    }
    return found;
  };

  const goals = (wanted: GoalLabel) => (coordination: CoordinationRecord) => coordination.goals.filter((g) => g.label === wanted).map((g) => g.text);

  return {
    Query: {
      household: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.household.load(args.id),
      person: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.person.load(args.id),
      // Without a known caller there is no relation, so nothing to list.
      myHouseholds: (_: unknown, __: unknown, ctx: Context) => (ctx.caller ? householdsOf(store, ctx.sql, ctx.caller.sub) : []),
      callerAccess: (_: unknown, __: unknown, ctx: Context) =>
        ctx.caller ? accessOf(store, ctx.sql, ctx.caller.sub) : { householdIds: [], personIds: [] },
    },
    Household: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.household.load(ref.id),
      members: (household: HouseholdRecord, _: unknown, ctx: Context) => ctx.loaders.members.load(household.id),
      involvements: involvements('case'),
      safetyInvolvements: involvements('special-safety'),
      youthCareInvolvements: involvements('special-health'),
      relations: relations('case'),
      safetyRelations: relations('special-safety'),
      youthCareRelations: relations('special-health'),
      coordinationCase: (household: HouseholdRecord, _: unknown, ctx: Context) => ctx.loaders.coordination.load(household.id),
      // Computed by the gateway from the fields the caller's purpose may read (policies/blockages.yaml);
      // this subgraph holds no view of other agencies' decisions, so it has nothing to say.
      blockages: () => null,
    },
    CoordinationCase: {
      goals: goals('case'),
      safetyGoals: goals('special-safety'),
      youthCareGoals: goals('special-health'),
    },
    Person: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.person.load(ref.id),
      household: (person: PersonRecord, _: unknown, ctx: Context) => ctx.loaders.household.load(person.householdId),
    },
  };
}
