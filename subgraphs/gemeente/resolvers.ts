import type { SubgraphContext } from '../kit/AgencyDefinition';
import { accessOf, householdsOf, type GemeenteLoaders, type HouseholdRecord, type PersonRecord, type RegistrationRecord } from './store';
import type { Store } from '../kit/Store';

type Context = SubgraphContext<GemeenteLoaders>;

export function createResolvers(store: Store) {
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
      involvements: async (household: HouseholdRecord, _: unknown, ctx: Context) => {
        const registrations = await ctx.loaders.registrations.load(household.id);
        return registrations.map((r: RegistrationRecord) => ({
          agency: r.agency,
          since: r.since,
          contact: { name: r.professional.name, organisation: r.professional.organisation, phone: r.professional.phone },
        }));
      },
      relations: async (household: HouseholdRecord, _: unknown, ctx: Context) => {
        const [registrations, coordination] = await Promise.all([
          ctx.loaders.registrations.load(household.id),
          ctx.loaders.coordination.load(household.id),
        ]);
        const relations = registrations.map((r) => ({ kind: 'REGISTRATIE', agency: r.agency, since: r.since, professional: r.professional }));
        if (coordination && coordination.status !== 'AFGESLOTEN') {
          relations.push({ kind: 'REGIE', agency: 'gemeente', since: coordination.openedAt, professional: coordination.coordinator });
        }
        return relations;
      },
      coordinationCase: (household: HouseholdRecord, _: unknown, ctx: Context) => ctx.loaders.coordination.load(household.id),
    },
    Person: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.person.load(ref.id),
      household: (person: PersonRecord, _: unknown, ctx: Context) => ctx.loaders.household.load(person.householdId),
    },
  };
}
