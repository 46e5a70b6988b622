import { defineAgency } from '../kit/AgencyDefinition';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedVeiligthuis } from './seed';

export const veiligthuis = defineAgency({ name: 'veiligthuis', dir: __dirname, createLoaders, createResolvers, seed: seedVeiligthuis });
