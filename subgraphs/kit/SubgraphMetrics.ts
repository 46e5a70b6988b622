import type { ServerResponse } from 'node:http';
import { Counter, Histogram, type Registry } from 'prom-client';
import { createMetricsRegistry } from '../../platform/telemetry/metricsRegistry';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const PURPOSE = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * One subgraph's Prometheus instruments: GraphQL requests by outcome (ok; graphql_error: a
 * 200 whose answer carries errors, e.g. a refused write; unauthenticated: not signed by the
 * gateway; error) and the purpose the gateway signed for, latency, SQL statements. Labels
 * never hold an id.
 */
export class SubgraphMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<'outcome' | 'purpose'>;
  private readonly duration: Histogram;
  private readonly statements: Counter;

  constructor(agency: string) {
    this.registry = createMetricsRegistry();
    this.registry.setDefaultLabels({ agency });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'subgraph_requests_total', help: 'GraphQL requests by outcome and the purpose the gateway signed for', labelNames: ['outcome', 'purpose'], registers });
    this.duration = new Histogram({ name: 'subgraph_request_duration_seconds', help: 'GraphQL request latency', buckets: LATENCY_BUCKETS, registers });
    this.statements = new Counter({ name: 'subgraph_sql_statements_total', help: 'SQL statements executed for GraphQL requests', registers });
  }

  request(res: ServerResponse, purpose: string | undefined, sqlStatements: number, seconds: number, graphqlErrors = 0): void {
    const outcome = res.statusCode === 401 ? 'unauthenticated' : res.statusCode >= 400 ? 'error' : graphqlErrors > 0 ? 'graphql_error' : 'ok';
    this.requests.inc({ outcome, purpose: purpose === undefined ? 'none' : PURPOSE.test(purpose) ? purpose : 'OTHER' });
    this.duration.observe(seconds);
    this.statements.inc(sqlStatements);
  }
}
