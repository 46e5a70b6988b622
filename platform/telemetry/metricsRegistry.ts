import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's own metrics (CPU, memory, event loop lag, GC: prom-client's defaults),
 * collected once per process: they describe the process, and each collection starts an
 * event-loop monitor and a GC observer that are never stopped.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * A Prometheus registry of one gateway or subgraph. One per server rather than
 * prom-client's global one, so several servers in one process (the tests) keep their
 * counts apart; `sendMetrics` adds the process metrics.
 */
export function createMetricsRegistry(): Registry {
  processMetrics();
  return new Registry();
}

/** Answers `GET /metrics` in the Prometheus text format: the server's metrics and the process's. */
export async function sendMetrics(registry: Registry, res: ServerResponse): Promise<void> {
  const body = `${await registry.metrics()}\n${await processMetrics().metrics()}`;
  res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
