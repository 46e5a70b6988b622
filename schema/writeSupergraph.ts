import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from './composeSupergraph';
import { SUBGRAPH_CHECKS } from './subgraphChecks';
import { readAgencySchemas } from './readAgencySchemas';
import { SUPERGRAPH_FILE } from './supergraphFile';

/**
 * Reads every agency schema, checks it against SUBGRAPH_CHECKS, composes, and writes the supergraph file (atomically, so a
 * gateway starting at the same moment never reads half a file). Returns the file path.
 */
export function writeSupergraph(file = SUPERGRAPH_FILE): string {
  const sdl = composeSupergraph(readAgencySchemas(), { checks: SUBGRAPH_CHECKS });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, sdl);
  fs.renameSync(temporary, file);
  return file;
}
