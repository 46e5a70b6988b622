import { defineAgency } from '../kit/AgencyDefinition';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedSchuldhulp } from './seed';

export const schuldhulp = defineAgency({ name: 'schuldhulp', dir: __dirname, createLoaders, createResolvers, seed: seedSchuldhulp });
