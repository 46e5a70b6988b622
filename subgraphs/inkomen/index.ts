import { defineAgency } from '../kit/AgencyDefinition';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedInkomen } from './seed';

export const inkomen = defineAgency({ name: 'inkomen', dir: __dirname, createLoaders, createResolvers, seed: seedInkomen });
