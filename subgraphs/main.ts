/**
 * npm run subgraph -- <name>
 * Runs one hosted subgraph of the registry alone (an agency can host its own). PORT and
 * DATA_DIR override the port of its routing URL and ./data.
 */
import path from 'node:path';
import { logger } from '../platform/logger';
import { hostedSubgraphs, loadRegistry, routingPort } from '../schema/SubgraphRegistry';
import { startHostedSubgraph } from './loadAgencyDefinition';

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const hosted = hostedSubgraphs(loadRegistry());
  const entry = hosted.find((s) => s.name === name);
  if (!entry) {
    process.stderr.write(`usage: npm run subgraph -- <subgraph>\n  subgraphs hosted here: ${hosted.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  const running = await startHostedSubgraph(entry, {
    port: process.env.PORT ? Number(process.env.PORT) : routingPort(entry),
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
