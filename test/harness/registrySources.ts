import fs from 'node:fs';
import type { SubgraphSource } from '../../schema/composeSupergraph';
import { loadRegistry } from '../../schema/SubgraphRegistry';

/**
 * The registry's schemas as composition sources, read synchronously (every entry of the
 * project's own registry names a schema file; `readRegistrySchemas` also reads URLs).
 */
export function registrySources(): SubgraphSource[] {
  return loadRegistry().subgraphs.map((entry) => {
    if (entry.schema.kind !== 'file') throw new Error(`${entry.name}: the test registry is expected to name schema files`);
    return { name: entry.name, sdl: fs.readFileSync(entry.schema.file, 'utf8'), url: entry.routingUrl };
  });
}
