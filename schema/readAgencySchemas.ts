import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS } from '../subgraphs/registry';
import { CompositionError } from './CompositionError';
import type { SubgraphSource } from './composeSupergraph';

/** The project root (this file lives in `<root>/schema/`). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

export function agencySchemaFile(agency: string, root = PROJECT_ROOT): string {
  return path.join(root, 'subgraphs', agency, 'schema.graphql');
}

/** Reads `subgraphs/<agency>/schema.graphql` for every agency in the registry. */
export function readAgencySchemas(root = PROJECT_ROOT): SubgraphSource[] {
  const missing: string[] = [];
  const sources: SubgraphSource[] = [];
  for (const agency of SUBGRAPHS) {
    const file = agencySchemaFile(agency, root);
    if (!fs.existsSync(file)) missing.push(agency);
    else sources.push({ name: agency, sdl: fs.readFileSync(file, 'utf8') });
  }
  if (missing.length > 0) {
    throw new CompositionError(
      missing.map((agency) => ({
        agencies: [agency],
        code: 'SCHEMA_MISSING',
        reason: `${path.relative(root, agencySchemaFile(agency, root))} does not exist; every agency in subgraphs/registry.ts needs one`,
      })),
    );
  }
  return sources;
}
