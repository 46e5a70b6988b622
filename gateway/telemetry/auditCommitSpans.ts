import { SpanStatusCode } from '@opentelemetry/api';
import { activeTracer } from '../../platform/telemetry/tracing';
import type { AuditStoreObserver } from '../../audit/AuditStoreObserver';

/**
 * A span per audit group commit, from the store's observer hooks (which report the
 * commit's duration when it is done). One commit serves many requests, so it is a trace
 * of its own rather than a child of any one request.
 */
export function auditCommitSpans(): AuditStoreObserver {
  const span = (size: number, seconds: number, failed: boolean) => {
    const tracer = activeTracer();
    if (!tracer) return;
    const commit = tracer.startSpan('audit commit', { root: true, startTime: Date.now() - seconds * 1000, attributes: { 'audit.batch_size': size } });
    if (failed) commit.setStatus({ code: SpanStatusCode.ERROR });
    commit.end();
  };
  return {
    committed: (size, seconds) => span(size, seconds, false),
    commitFailed: (size, seconds) => span(size, seconds, true),
  };
}

/** Several observers as one (metrics and spans). */
export function combineObservers(observers: ReadonlyArray<AuditStoreObserver | undefined>): AuditStoreObserver {
  const present = observers.filter((o): o is AuditStoreObserver => o !== undefined);
  return {
    commitStarted: (size, queued) => present.forEach((o) => o.commitStarted?.(size, queued)),
    committed: (size, seconds) => present.forEach((o) => o.committed?.(size, seconds)),
    commitFailed: (size, seconds) => present.forEach((o) => o.commitFailed?.(size, seconds)),
  };
}
