import { defineAgency } from '../kit/AgencyDefinition';
import { accessOf, createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedGemeente } from './seed';

export const gemeente = defineAgency({
  name: 'gemeente',
  dir: __dirname,
  createLoaders,
  createResolvers,
  // The gateway's need-to-know look-up (gateway/policy/fetchRowScope.ts): one statement.
  callerRoutes: (store) => ({ '/caller-access': (caller, sql) => accessOf(store, sql, caller.sub) }),
  seed: seedGemeente,
});
