import type { SubgraphEntry } from '../schema/SubgraphRegistry';
import type { AgencyDefinition } from './kit/AgencyDefinition';
import { startSubgraph, type RunningSubgraph, type SubgraphOptions } from './kit/startSubgraph';
import { codePath } from '../platform/projectRoot';

function isDefinition(value: unknown, name: string): value is AgencyDefinition<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AgencyDefinition<unknown>>;
  return candidate.name === name && typeof candidate.createResolvers === 'function' && typeof candidate.createLoaders === 'function';
}

/**
 * The kit definition a hosted subgraph's folder exports (`subgraphs/<name>/index.ts`): the
 * registry says which folders there are, so adding an agency touches no product file.
 */
export function loadAgencyDefinition(entry: Pick<SubgraphEntry, 'name' | 'localDir'>): AgencyDefinition<unknown> {
  if (!entry.localDir) throw new Error(`Subgraph ${entry.name} is not hosted here (its registry entry names no folder with a server); it is only routed to.`);
  // A plain require: the folder is the registry's, resolved the same under tsx, jest and compiled JavaScript.
  const exported = require(codePath(entry.localDir)) as Record<string, unknown>;
  const definition = Object.values(exported).find((value) => isDefinition(value, entry.name));
  if (!definition) throw new Error(`${entry.localDir} exports no subgraph definition named "${entry.name}" (defineAgency({ name: '${entry.name}', … })).`);
  return definition;
}

export function startHostedSubgraph(entry: Pick<SubgraphEntry, 'name' | 'localDir'>, options: SubgraphOptions): Promise<RunningSubgraph> {
  return startSubgraph(loadAgencyDefinition(entry), options);
}
