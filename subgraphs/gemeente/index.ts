import { defineAgency } from '../kit/AgencyDefinition';
import { accessOf, createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedGemeente } from './seed';

export const gemeente = defineAgency({
  name: 'gemeente',
  dir: __dirname,
  createLoaders,
  createResolvers,
  // The gateway's need-to-know look-up (policy.yaml `needToKnow`, gateway/policy/fetchRowScope.ts):
  // one statement, answered per data-subject type.
  callerRoutes: (store) => ({
    '/caller-access': (caller, sql) => {
      const access = accessOf(store, sql, caller.sub);
      return { Household: access.householdIds, Person: access.personIds };
    },
  }),
  seed: seedGemeente,
});
