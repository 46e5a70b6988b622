/**
 * npm run subgraph -- <name>
 * Runs one hosted subgraph of the registry alone (an agency can host its own). PORT and
 * DATA_DIR override the port of its routing URL and ./data.
 */
import path from 'node:path';
import { logger } from '../platform/logger';
import { exitWithParent } from '../platform/exitWithParent';
import { metricsOptionsFromEnv } from '../platform/telemetry/MetricsOptions';
import { startTracingFromEnv, stopTracing } from '../platform/telemetry/tracing';
import { hostedSubgraphs, loadRegistry, routingPort } from '../schema/SubgraphRegistry';
import { startHostedSubgraph } from './loadAgencyDefinition';
import { PROJECT_ROOT } from '../platform/projectRoot';

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const hosted = hostedSubgraphs(loadRegistry());
  const entry = hosted.find((s) => s.name === name);
  if (!entry) {
    process.stderr.write(`usage: npm run subgraph -- <subgraph>\n  subgraphs hosted here: ${hosted.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  // Registered before the (slow) start, so a runner killed meanwhile is noticed too.
  let stop: (signal: string) => void = () => process.exit(0);
  exitWithParent((reason) => stop(reason));
  startTracingFromEnv(`huishoudview-subgraph-${name}`);
  const running = await startHostedSubgraph(entry, {
    metrics: metricsOptionsFromEnv(),
    port: process.env.PORT ? Number(process.env.PORT) : routingPort(entry),
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(process.env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data')),
  });
  let stopping = false;
  stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ agency: name, signal }, 'subgraph stopping');
    running
      .close()
      .then(stopTracing)
      .then(
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
