import { getText } from './system';

/** Prometheus series (name plus labels, as written) → value. */
export type MetricSample = ReadonlyMap<string, number>;

/** The gateway's `GET /metrics` (development: on its public port); null when it serves none. */
export async function readGatewayMetrics(gatewayUrl: string): Promise<MetricSample | null> {
  const answer = await getText(new URL('/metrics', gatewayUrl).toString()).catch(() => null);
  if (!answer || answer.status !== 200) return null;
  const sample = new Map<string, number>();
  for (const line of answer.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) sample.set(line.slice(0, space), value);
  }
  return sample;
}

/** Where a request's time went, per request, over a run (from the gateway's own histograms). */
export interface TimeBreakdown {
  requests: number;
  /** Mean request time as the gateway measured it (audit record included). */
  requestMs: number;
  /** Mean time a request waited for its audit record to be durable (group commit ÷ records). */
  auditCommitMsPerRequest: number;
  /** Records per commit: 1 when requests come one at a time. */
  recordsPerCommit: number;
  /** Time spent waiting on each agency per request (calls of one plan stage overlap). */
  subgraphMsPerRequest: Record<string, number>;
  subgraphCallsPerRequest: number;
}

function sumOf(before: MetricSample, after: MetricSample, test: (series: string) => boolean): number {
  let total = 0;
  for (const [series, value] of after) if (test(series)) total += value - (before.get(series) ?? 0);
  return total;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The breakdown between two samples of the same gateway; null without requests in between. */
export function timeBreakdown(before: MetricSample, after: MetricSample): TimeBreakdown | null {
  const requests = sumOf(before, after, (s) => s.startsWith('gateway_request_duration_seconds_count'));
  if (requests <= 0) return null;
  const perRequestMs = (seconds: number) => round((seconds * 1000) / requests);
  const agencies = new Set([...after.keys()].flatMap((s) => /^gateway_subgraph_request_duration_seconds_sum\{agency="([^"]+)"\}/.exec(s)?.[1] ?? []));
  const commits = sumOf(before, after, (s) => s.startsWith('audit_commit_duration_seconds_count'));
  return {
    requests,
    requestMs: perRequestMs(sumOf(before, after, (s) => s.startsWith('gateway_request_duration_seconds_sum'))),
    auditCommitMsPerRequest: perRequestMs(sumOf(before, after, (s) => s.startsWith('audit_commit_duration_seconds_sum'))),
    recordsPerCommit: commits > 0 ? round(sumOf(before, after, (s) => s.startsWith('audit_records_committed_total')) / commits) : 0,
    subgraphMsPerRequest: Object.fromEntries(
      [...agencies].sort().map((agency) => [agency, perRequestMs(sumOf(before, after, (s) => s === `gateway_subgraph_request_duration_seconds_sum{agency="${agency}"}`))]),
    ),
    subgraphCallsPerRequest: round(sumOf(before, after, (s) => s.startsWith('gateway_subgraph_request_duration_seconds_count')) / requests),
  };
}
