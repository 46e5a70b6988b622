/**
 * Where `GET /metrics` (Prometheus text format) is served. Metrics count traffic per
 * agency and purpose, which is itself telling (how often Veilig Thuis is asked), so:
 * in development on the public port; in production only on a separate listener
 * (`METRICS_PORT`, bound to `METRICS_HOST`, 127.0.0.1 unless set), off when that is unset.
 */
export interface MetricsOptions {
  /** Serve `/metrics` on the public port (development, when no METRICS_PORT is set). */
  onPublicPort: boolean;
  /** A separate listener for `/metrics` (0: a free port, for tests). Env `METRICS_PORT`. */
  port?: number;
  /** Env `METRICS_HOST`, default 127.0.0.1: reachable only from the machine (or the pod's sidecar). */
  host: string;
}

export class MetricsConfigError extends Error {
  override readonly name = 'MetricsConfigError';
}

export function metricsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MetricsOptions {
  const raw = env.METRICS_PORT;
  let port: number | undefined;
  if (raw !== undefined && raw !== '') {
    port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MetricsConfigError(`METRICS_PORT must be a port number (0-65535) for the metrics listener, not "${raw}".`);
  }
  return { port, host: env.METRICS_HOST || '127.0.0.1', onPublicPort: port === undefined && env.NODE_ENV !== 'production' };
}
