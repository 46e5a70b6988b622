import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, type SubgraphRegistry } from './SubgraphRegistry';

/** Where `npm run compose` writes the supergraph and the gateway reads it by default. */
export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/**
 * True when the supergraph file is missing or older than the registry or a schema file
 * it names, so `npm start` never serves a plan built from yesterday's schemas.
 */
export function supergraphIsStale(registry: SubgraphRegistry, file = SUPERGRAPH_FILE): boolean {
  if (!fs.existsSync(file)) return true;
  const composedAt = fs.statSync(file).mtimeMs;
  const inputs = [registry.file, ...registry.subgraphs.flatMap((s) => (s.schema.kind === 'file' ? [s.schema.file] : []))];
  return inputs.some((input) => fs.existsSync(input) && fs.statSync(input).mtimeMs > composedAt);
}
