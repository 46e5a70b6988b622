/**
 * `npm run compose`: composes the schema of every subgraph in the registry
 * (schema/subgraphs.yaml, or SUBGRAPH_REGISTRY) into `schema/supergraph.graphql` (or the
 * path in SUPERGRAPH_PATH). A schema that does not parse or compose prints the subgraph
 * and the reason and exits 1.
 */
import path from 'node:path';
import { SUPERGRAPH_FILE } from '../schema/supergraphFile';
import { writeSupergraph } from '../schema/writeSupergraph';

const target = process.env.SUPERGRAPH_PATH ? path.resolve(process.env.SUPERGRAPH_PATH) : SUPERGRAPH_FILE;
writeSupergraph(target).then(
  (file) => process.stdout.write(`supergraph written to ${path.relative(process.cwd(), file) || file}\n`),
  (err: unknown) => {
    // A CompositionError's or RegistryError's message already names the subgraph or the
    // place and the reason; anything else (an unwritable directory) by its message alone.
    process.stderr.write(`compose: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
