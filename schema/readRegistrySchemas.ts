import fs from 'node:fs';
import path from 'node:path';
import { CompositionError, type CompositionProblem } from './CompositionError';
import type { SubgraphSource } from './composeSupergraph';
import type { SubgraphEntry, SubgraphRegistry } from './SubgraphRegistry';
import { fetchSubgraphSdl } from './fetchSubgraphSdl';

/** One entry's SDL: its schema file, or what its running server answers to `_service { sdl }`. */
async function readSdl(entry: SubgraphEntry, registryFile: string): Promise<string | CompositionProblem> {
  if (entry.schema.kind === 'subgraph-url') {
    try {
      return await fetchSubgraphSdl(entry.schema.url);
    } catch (err) {
      return { agencies: [entry.name], code: 'SCHEMA_UNREACHABLE', reason: `${entry.schema.url} did not answer _service { sdl } (${err instanceof Error ? err.message : String(err)}); start the subgraph or give a schema file` };
    }
  }
  if (!fs.existsSync(entry.schema.file)) {
    return { agencies: [entry.name], code: 'SCHEMA_MISSING', reason: `${path.relative(path.dirname(registryFile), entry.schema.file)} (named in ${path.basename(registryFile)}) does not exist` };
  }
  return fs.readFileSync(entry.schema.file, 'utf8');
}

/**
 * Every registry entry's SDL with its routing URL, ready to compose. Problems of all
 * entries are reported at once, each naming its subgraph.
 */
export async function readRegistrySchemas(registry: SubgraphRegistry): Promise<SubgraphSource[]> {
  const read = await Promise.all(registry.subgraphs.map(async (entry) => ({ entry, sdl: await readSdl(entry, registry.file) })));
  const problems = read.flatMap(({ sdl }) => (typeof sdl === 'string' ? [] : [sdl]));
  if (problems.length > 0) throw new CompositionError(problems);
  return read.map(({ entry, sdl }) => ({ name: entry.name, sdl: sdl as string, url: entry.routingUrl, origin: originOf(entry, registry.file) }));
}

/** The schema's file (relative to the registry, as written there) or URL, for messages. */
export function originOf(entry: SubgraphEntry, registryFile: string): string {
  return entry.schema.kind === 'file' ? path.relative(path.dirname(registryFile), entry.schema.file) : entry.schema.url;
}
