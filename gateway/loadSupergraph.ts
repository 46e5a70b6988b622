import fs from 'node:fs';
import { validateSatisfiability } from '@apollo/composition';

/** The supergraph file cannot be used; the message names the file, the reason and the fix. */
export class SupergraphLoadError extends Error {
  override readonly name = 'SupergraphLoadError';
  constructor(readonly file: string, reason: string) {
    super(`Cannot use the supergraph ${file}: ${reason}`);
  }
}

/**
 * Reads and checks the composed supergraph. The gateway plans every query against this
 * file and never introspects the subgraphs at runtime, so a missing or broken file must
 * stop the gateway at start, not fail the first request.
 */
export function loadSupergraph(file: string): string {
  let sdl: string;
  try {
    sdl = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const missing = typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
    throw new SupergraphLoadError(file, missing ? 'the file does not exist; run `npm run compose` to create it.' : `it cannot be read (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (sdl.trim().length === 0) throw new SupergraphLoadError(file, 'the file is empty; run `npm run compose` to recreate it.');

  checkSupergraph(sdl, file);
  return sdl;
}

/**
 * Builds the supergraph (join/link directives, subgraph list) and checks that every query
 * the public schema allows can be planned across the subgraphs; throws SupergraphLoadError
 * naming `where` (a file or URL) otherwise.
 */
export function checkSupergraph(sdl: string, where: string): void {
  if (sdl.trim().length === 0) throw new SupergraphLoadError(where, 'it is empty; run `npm run compose` to recreate it.');
  let errors: readonly Error[] | undefined;
  try {
    errors = validateSatisfiability({ supergraphSdl: sdl }).errors;
  } catch (err) {
    errors = [err instanceof Error ? err : new Error(String(err))];
  }
  if (errors && errors.length > 0) {
    throw new SupergraphLoadError(where, `it is not a valid supergraph (${errors.map((e) => e.message).join('; ')}); run \`npm run compose\` to recreate it.`);
  }
}
