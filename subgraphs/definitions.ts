import type { AgencyDefinition } from './kit/AgencyDefinition';
import { startSubgraph, type RunningSubgraph, type SubgraphOptions } from './kit/startSubgraph';
import type { SubgraphName } from './registry';
import { gemeente } from './gemeente';
import { schuldhulp } from './schuldhulp';
import { wonen } from './wonen';
import { veiligthuis } from './veiligthuis';
import { jeugdzorg } from './jeugdzorg';
import { inkomen } from './inkomen';
import { audit } from './audit';

/** Every agency's definition, by name (the registry lists the names). */
export const DEFINITIONS: Readonly<Record<SubgraphName, AgencyDefinition<unknown>>> = {
  gemeente: gemeente as AgencyDefinition<unknown>,
  schuldhulp: schuldhulp as AgencyDefinition<unknown>,
  wonen: wonen as AgencyDefinition<unknown>,
  veiligthuis: veiligthuis as AgencyDefinition<unknown>,
  jeugdzorg: jeugdzorg as AgencyDefinition<unknown>,
  inkomen: inkomen as AgencyDefinition<unknown>,
  audit: audit as AgencyDefinition<unknown>,
};

export function startAgency(name: SubgraphName, options: SubgraphOptions): Promise<RunningSubgraph> {
  return startSubgraph(DEFINITIONS[name], options);
}
