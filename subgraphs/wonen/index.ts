import { defineAgency } from '../kit/AgencyDefinition';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedWonen } from './seed';

export const wonen = defineAgency({ name: 'wonen', dir: __dirname, createLoaders, createResolvers, seed: seedWonen });
