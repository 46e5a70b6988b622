import { defineAgency } from '../kit/AgencyDefinition';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedGemeente } from './seed';

export const gemeente = defineAgency({
  name: 'gemeente',
  dir: __dirname,
  createLoaders,
  createResolvers,
  seed: seedGemeente,
});
