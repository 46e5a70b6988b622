/**
 * `npm run gateway`: starts the gateway from the environment (see gateway/README.md).
 * A missing or invalid supergraph or setting prints the reason and exits 1; SIGTERM and
 * SIGINT drain in-flight requests and exit 0.
 */
import { childLogger } from '../platform/logger';
import { exitWithParent } from '../platform/exitWithParent';
import { startTracingFromEnv, stopTracing } from '../platform/telemetry/tracing';
import { gatewayOptionsFromEnv } from './config';
import { startGateway, type RunningGateway } from './startGateway';

const log = childLogger('gateway');

async function main(): Promise<void> {
  // Registered before the (slow) start, so a runner killed meanwhile is noticed too.
  let stop: (reason: string) => void = () => process.exit(0);
  exitWithParent((reason) => stop(reason));
  let gateway: RunningGateway;
  try {
    // Before the gateway: its spans (and Apollo's) need the tracer provider. Off without OTEL_EXPORTER_OTLP_ENDPOINT.
    startTracingFromEnv('huishoudview-gateway');
    gateway = await startGateway(gatewayOptionsFromEnv());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.fatal({ reason }, 'gateway refused to start');
    process.stderr.write(`gateway: ${reason}\n`);
    process.exit(1);
  }

  let stopping = false;
  stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'gateway stopping');
    gateway
      .close()
      .then(stopTracing)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ reason: err instanceof Error ? err.message : String(err) }, 'gateway did not stop cleanly');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
