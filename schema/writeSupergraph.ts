import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from './composeSupergraph';
import { SUBGRAPH_CHECKS } from './subgraphChecks';
import { readRegistrySchemas } from './readRegistrySchemas';
import { loadRegistry, type SubgraphRegistry } from './SubgraphRegistry';
import { SUPERGRAPH_FILE } from './supergraphFile';
import { writeFileAtomically } from '../platform/writeFileAtomically';

/** Reads every registry entry's schema, checks it against SUBGRAPH_CHECKS and composes. */
export async function composeRegistry(registry: SubgraphRegistry = loadRegistry()): Promise<string> {
  return composeSupergraph(await readRegistrySchemas(registry), { checks: SUBGRAPH_CHECKS });
}

/**
 * Composes the registry and writes the supergraph file atomically, so a gateway reading
 * it at the same moment never sees half a file. Returns the file path.
 */
export async function writeSupergraph(file = SUPERGRAPH_FILE, registry: SubgraphRegistry = loadRegistry()): Promise<string> {
  const sdl = await composeRegistry(registry);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomically(file, sdl);
  return file;
}
