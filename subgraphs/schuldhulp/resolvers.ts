import type { SubgraphContext } from '../kit/AgencyDefinition';
import { loaderFields } from '../kit/loaderFields';
import type { SchuldhulpLoaders } from './store';

export function createResolvers() {
  return {
    Person: loaderFields<SchuldhulpLoaders>(['debtCase']),
    DebtCase: {
      creditors: (debtCase: { id: string }, _: unknown, ctx: SubgraphContext<SchuldhulpLoaders>) => ctx.loaders.creditors.load(debtCase.id),
    },
  };
}
