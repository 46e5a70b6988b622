import type { SubgraphContext } from '../kit/AgencyDefinition';
import { loaderFields } from '../kit/loaderFields';
import type { VeiligthuisLoaders } from './store';

export function createResolvers() {
  return {
    Person: {
      ...loaderFields<VeiligthuisLoaders>(['safetyReports', 'shelterStay']),
      // No flag row means no signal: false, never null, so absence is not mistaken for redaction.
      safetyFlag: async (person: { id: string }, _: unknown, ctx: SubgraphContext<VeiligthuisLoaders>) =>
        (await ctx.loaders.safetyFlag.load(person.id)) ?? false,
    },
  };
}
