/**
 * npm run subgraph -- <agency>
 * Runs one agency's subgraph alone (an agency can host its own). PORT and DATA_DIR
 * override the defaults from the registry and ./data.
 */
import path from 'node:path';
import { logger } from '../platform/logger';
import { startAgency } from './definitions';
import { SUBGRAPHS, DEFAULT_PORTS, isSubgraphName } from './registry';

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  if (!isSubgraphName(name)) {
    process.stderr.write(`usage: npm run subgraph -- <subgraph>\n  subgraphs: ${SUBGRAPHS.join(', ')}\n`);
    process.exit(2);
  }
  const running = await startAgency(name, {
    port: process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORTS[name],
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(process.env.DATA_DIR ?? path.join(__dirname, '..', 'data')),
  });
  const stop = (signal: string) => {
    logger.info({ agency: name, signal }, 'subgraph stopping');
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`subgraph failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
