import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';

const spans = new WeakMap<IncomingMessage, Span>();

/**
 * Runs the handling of one HTTP request inside a SERVER span, continuing the caller's
 * trace from its W3C `traceparent` (https://www.w3.org/TR/trace-context/) when it sent
 * one. The span ends when the response is done, with its status code.
 */
export function traceRequest(tracer: Tracer, name: string, route: string, req: IncomingMessage, res: ServerResponse, run: () => void): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'http.route': route } }, parent);
  spans.set(req, span);
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), run);
}

/** The request's own span (its trace id is the audit record's), when tracing is on. */
export function requestSpanContext(req: IncomingMessage | undefined): SpanContext | undefined {
  return req ? spans.get(req)?.spanContext() : undefined;
}

/** Adds attributes to the request's span (allowed ones only reach the exporter). */
export function annotateRequestSpan(req: IncomingMessage, attributes: Record<string, string | number>): void {
  spans.get(req)?.setAttributes(attributes);
}
