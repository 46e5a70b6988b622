import { randomBytes } from 'node:crypto';

export interface TraceContext {
  traceId: string;
  /** The gateway's own span for this request. */
  spanId: string;
}

// version "-" trace-id "-" parent-id "-" flags (https://www.w3.org/TR/trace-context/#traceparent-header)
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const INVALID_TRACE = '0'.repeat(32);

/**
 * The request's W3C trace id, from an incoming `traceparent` or new; the gateway's span
 * id is always new. Logboek Dataverwerkingen ties records to OpenTelemetry traces by it.
 */
export function traceContext(traceparent: string | string[] | undefined, requestSpan?: TraceContext): TraceContext {
  // With tracing on, the request's own span (which continued the incoming traceparent) is the record's.
  if (requestSpan) return { traceId: requestSpan.traceId, spanId: requestSpan.spanId };
  const header = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  const traceId = match && match[1] !== INVALID_TRACE ? match[1]! : randomBytes(16).toString('hex');
  return { traceId, spanId: randomBytes(8).toString('hex') };
}
