import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AllowListSpanExporter } from './AllowListSpanExporter';

/**
 * OpenTelemetry tracing for one process (gateway or subgraph), off unless started: with
 * no tracer our code creates no span and reads no header, so an unconfigured process pays
 * nothing. `npm run gateway` / `subgraph` start it from the environment
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`); tests start it with an in-memory exporter.
 */

let provider: NodeTracerProvider | undefined;
let tracer: Tracer | undefined;

/** Our tracer while tracing runs; undefined when it is off. */
export function activeTracer(): Tracer | undefined {
  return tracer;
}

export interface TracingOptions {
  /** `service.name` of the spans, e.g. `huishoudview-gateway`. */
  serviceName: string;
  exporter: SpanExporter;
  /** Batch spans before export (production); off: each span is exported when it ends (tests). */
  batch?: boolean;
}

export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
}

/**
 * Registers the process-wide tracer provider: W3C `traceparent` propagation, an
 * AsyncLocalStorage context (so Apollo Gateway's own spans — request, plan, fetch — nest
 * under ours), and the exporter behind the attribute allow-list.
 */
export function startTracing(options: TracingOptions): void {
  if (provider) throw new TracingConfigError('Tracing is already started in this process.');
  const exporter = new AllowListSpanExporter(options.exporter);
  provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': options.serviceName }),
    spanProcessors: [options.batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)],
  });
  provider.register();
  tracer = trace.getTracer('huishoudview');
}

/**
 * Starts tracing with the OTLP/HTTP exporter when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set — the exporter reads those and
 * `OTEL_EXPORTER_OTLP_HEADERS` itself; `OTEL_SERVICE_NAME` overrides the name. True when started.
 */
export function startTracingFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  for (const setting of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const) {
    const value = env[setting];
    if (value === undefined || value === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new TracingConfigError(`${setting} must be the http(s) URL of an OpenTelemetry collector, such as http://127.0.0.1:4318, not "${value}".`);
    }
  }
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  startTracing({ serviceName: env.OTEL_SERVICE_NAME || serviceName, exporter: new OTLPTraceExporter(), batch: true });
  return true;
}

/** Exports what is pending and turns tracing off (on shutdown; between tests). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  tracer = undefined;
  if (!stopping) return;
  await stopping.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}
