import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../../schema/composeSupergraph';
import { registrySources } from './registrySources';
import { SUBGRAPH_CHECKS } from '../../schema/subgraphChecks';

let cached: string | undefined;

/**
 * Composes the agencies' current schemas into `<dir>/supergraph.graphql` and returns the
 * path. Tests never depend on (or overwrite) the checked-out `schema/supergraph.graphql`.
 */
export function writeComposedSupergraph(dir: string): string {
  cached ??= composeSupergraph(registrySources(), { checks: SUBGRAPH_CHECKS });
  const file = path.join(dir, 'supergraph.graphql');
  fs.writeFileSync(file, cached);
  return file;
}
