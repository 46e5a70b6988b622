import type { Attributes } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * The span attributes that may leave the process; every other is dropped. Deny by default:
 * libraries add attributes of their own (Apollo Gateway the operation name, which a
 * client chooses and may make a person's id, and optionally the whole document), and no
 * personal data may reach a trace backend (docs/domain.md; GDPR art. 5(1)(c)).
 */
export const EXPORTED_SPAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'agency',
  // Apollo Gateway's `gateway.fetch` span names the subgraph (an agency) as `service`.
  'service',
  'graphql.operation.type',
  'graphql.outcome',
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'error.type',
  'audit.batch_size',
]);

function allowed(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (EXPORTED_SPAN_ATTRIBUTES.has(key)) kept[key] = value;
  return kept;
}

/** A span as exported: allowed attributes only; no events (exception messages) and no status text. */
function redacted(span: ReadableSpan): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    status: { code: span.status.code },
    attributes: allowed(span.attributes),
    links: span.links.map((link) => ({ context: link.context })),
    events: [],
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationLibrary: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount + span.events.length,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Wraps the real exporter (OTLP, or in-memory in tests) so that only allowed attributes leave. */
export class AllowListSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redacted), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
