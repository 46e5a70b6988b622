import fs from 'node:fs';
import path from 'node:path';
import { parse, Kind } from 'graphql';
import { defineAgency } from '../kit/AgencyDefinition';
import { DEFAULT_EARLY_SIGNAL_RULES_FILE, loadEarlySignalRules } from '../../policies/loadEarlySignalRules';
import { createLoaders } from './store';
import { createResolvers } from './resolvers';
import { seedInkomen } from './seed';
import { projectPath } from '../../platform/projectRoot';

/** The arrear kinds this subgraph's schema knows: the rules may name only those. */
function arrearKinds(): string[] {
  const document = parse(fs.readFileSync(path.join(projectPath(__dirname), 'schema.graphql'), 'utf8'));
  const kinds = document.definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'ArrearKind');
  return kinds?.kind === Kind.ENUM_TYPE_DEFINITION ? (kinds.values ?? []).map((v) => v.name.value) : [];
}

/** The early-signal rules (`EARLY_SIGNAL_RULES`, default policies/earlySignals.yaml), read once at start-up. */
const rulesFile = (): string => process.env.EARLY_SIGNAL_RULES ?? DEFAULT_EARLY_SIGNAL_RULES_FILE;

export const inkomen = defineAgency({
  name: 'inkomen',
  dir: __dirname,
  createLoaders,
  createResolvers: (store) => createResolvers(store, loadEarlySignalRules(rulesFile(), arrearKinds())),
  seed: seedInkomen,
});
