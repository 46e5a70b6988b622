import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS } from '../subgraphs/registry';
import { PROJECT_ROOT, agencySchemaFile } from './readAgencySchemas';

/** Where `npm run compose` writes the supergraph and the gateway reads it by default. */
export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/**
 * True when the supergraph file is missing or older than an agency schema, so
 * `npm start` never serves a plan built from yesterday's schemas.
 */
export function supergraphIsStale(file = SUPERGRAPH_FILE, root = PROJECT_ROOT): boolean {
  if (!fs.existsSync(file)) return true;
  const composedAt = fs.statSync(file).mtimeMs;
  return SUBGRAPHS.some((agency) => {
    const schema = agencySchemaFile(agency, root);
    return fs.existsSync(schema) && fs.statSync(schema).mtimeMs > composedAt;
  });
}
