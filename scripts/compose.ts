/**
 * `npm run compose`: composes `subgraphs/<agency>/schema.graphql` of every agency into
 * `schema/supergraph.graphql` (or the path in SUPERGRAPH_PATH). A schema that does not
 * parse or compose prints the agency and the reason and exits 1.
 */
import path from 'node:path';
import { SUPERGRAPH_FILE } from '../schema/supergraphFile';
import { writeSupergraph } from '../schema/writeSupergraph';

const target = process.env.SUPERGRAPH_PATH ? path.resolve(process.env.SUPERGRAPH_PATH) : SUPERGRAPH_FILE;
try {
  const file = writeSupergraph(target);
  process.stdout.write(`supergraph written to ${path.relative(process.cwd(), file) || file}\n`);
} catch (err) {
  // A CompositionError's message already names the agency and the reason; anything else
  // (an unwritable directory) is reported by its message alone, without a stack.
  const reason = err instanceof Error ? err.message : String(err);
  process.stderr.write(`compose: ${reason}\n`);
  process.exitCode = 1;
}
