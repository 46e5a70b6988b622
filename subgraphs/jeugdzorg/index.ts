import { defineAgency } from '../kit/AgencyDefinition';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedJeugdzorg } from './seed';

export const jeugdzorg = defineAgency({ name: 'jeugdzorg', dir: __dirname, createLoaders, createResolvers, seed: seedJeugdzorg });
