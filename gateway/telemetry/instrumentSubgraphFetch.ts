import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { activeTracer } from '../../platform/telemetry/tracing';
import { FetchTimeoutError, type Fetcher } from '../keepAliveFetcher';
import type { GatewayMetrics, SubgraphFailure } from './GatewayMetrics';

/**
 * Wraps one agency's fetcher: its latency, failures and timeouts in the metrics, and, when
 * tracing is on, a CLIENT span (attribute `agency`) whose W3C `traceparent` goes to the
 * subgraph, so the subgraph's span joins the caller's trace. Without an agency (the
 * policy layer's need-to-know look-up, whose target the policy names): the span only.
 */
export function instrumentSubgraphFetch(agency: string | undefined, fetch: Fetcher, metrics: GatewayMetrics | undefined, spanName = 'subgraph fetch'): Fetcher {
  return async (url, init = {}) => {
    const tracer = activeTracer();
    const span = tracer?.startSpan(spanName, { kind: SpanKind.CLIENT, attributes: { ...(agency ? { agency } : {}), 'http.request.method': init.method ?? 'GET' } });
    let request = init;
    if (span) {
      const headers: Record<string, string> = { ...init.headers };
      propagation.inject(trace.setSpan(context.active(), span), headers);
      request = { ...init, headers };
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await fetch(url, request);
      const failure: SubgraphFailure | undefined = response.ok ? undefined : 'status';
      if (agency) metrics?.subgraphRequest(agency, seconds(), failure);
      span?.setAttribute('http.response.status_code', response.status);
      if (failure) span?.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } catch (err) {
      const failure: SubgraphFailure = err instanceof FetchTimeoutError ? 'timeout' : 'network';
      if (agency) metrics?.subgraphRequest(agency, seconds(), failure);
      span?.setAttribute('error.type', failure);
      span?.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span?.end();
    }
  };
}
