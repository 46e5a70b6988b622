import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuditStoreObserver } from '../../audit/AuditStoreObserver';
import { createMetricsRegistry } from '../../platform/telemetry/metricsRegistry';

/** Labels are codes, purposes and agencies (bounded, from the policy and supergraph); anything else is counted as OTHER. */
const CODE = /^[A-Z][A-Z0-9_]{0,47}$/;
const NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const label = (value: string | undefined, pattern: RegExp, missing: string): string => (value === undefined ? missing : pattern.test(value) ? value : 'OTHER');

/** Seconds; a household view is ~0.1 s, a subgraph deadline 3 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

export type SubgraphFailure = 'timeout' | 'network' | 'status';

/**
 * The gateway's Prometheus instruments (README, Production). Never a user, person or
 * household id in a label: only outcomes, error codes, purposes and agencies, and the
 * versions (hashes) of the supergraph and policy in force.
 */
export class GatewayMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<'outcome' | 'purpose'>;
  private readonly errors: Counter<'code' | 'purpose'>;
  private readonly duration: Histogram<'outcome'>;
  private readonly subgraphDuration: Histogram<'agency'>;
  private readonly subgraphFailures: Counter<'agency' | 'reason'>;
  private readonly subgraphTimeouts: Counter<'agency'>;
  private readonly supergraph: Gauge<'version'>;
  private readonly policy: Gauge<'version'>;
  private readonly auditCommit: Histogram;
  private readonly auditBatch: Histogram;
  private readonly auditQueue: Gauge;
  private readonly auditFailures: Counter;
  private readonly auditRecords: Counter;

  constructor(registry = createMetricsRegistry()) {
    this.registry = registry;
    const registers = [registry];
    this.requests = new Counter({ name: 'gateway_requests_total', help: 'GraphQL requests by outcome (ok, partial, forbidden, unauthenticated, error) and declared purpose', labelNames: ['outcome', 'purpose'], registers });
    this.errors = new Counter({ name: 'gateway_request_errors_total', help: 'GraphQL requests by error code (extensions.code) and purpose; a request counts once per distinct code', labelNames: ['code', 'purpose'], registers });
    this.duration = new Histogram({ name: 'gateway_request_duration_seconds', help: 'GraphQL request latency, audit record included', labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers });
    this.subgraphDuration = new Histogram({ name: 'gateway_subgraph_request_duration_seconds', help: 'Latency of requests to each agency subgraph', labelNames: ['agency'], buckets: LATENCY_BUCKETS, registers });
    this.subgraphFailures = new Counter({ name: 'gateway_subgraph_failures_total', help: 'Requests to an agency subgraph that failed (timeout, network, status: a non-2xx answer)', labelNames: ['agency', 'reason'], registers });
    this.subgraphTimeouts = new Counter({ name: 'gateway_subgraph_timeouts_total', help: 'Requests to an agency subgraph that passed SUBGRAPH_TIMEOUT_MS', labelNames: ['agency'], registers });
    this.supergraph = new Gauge({ name: 'gateway_supergraph_info', help: 'The supergraph in force (version: SHA-256 of its text); 1', labelNames: ['version'], registers });
    this.policy = new Gauge({ name: 'gateway_policy_info', help: 'The policy in force (version: its version in policy.yaml); 1', labelNames: ['version'], registers });
    this.auditCommit = new Histogram({ name: 'audit_commit_duration_seconds', help: 'Time from a group commit starting to its records being durable', buckets: LATENCY_BUCKETS, registers });
    this.auditBatch = new Histogram({ name: 'audit_commit_batch_size', help: 'Audit records per group commit', buckets: BATCH_BUCKETS, registers });
    this.auditQueue = new Gauge({ name: 'audit_queue_depth', help: 'Audit records waiting behind the commit in progress', registers });
    this.auditFailures = new Counter({ name: 'audit_commit_failures_total', help: 'Group commits that failed (their requests got AUDIT_UNAVAILABLE)', registers });
    this.auditRecords = new Counter({ name: 'audit_records_committed_total', help: 'Audit records made durable', registers });
  }

  /** One answered GraphQL request. */
  request(outcome: string, purpose: string | undefined, errorCodes: readonly string[], seconds: number): void {
    const purposeLabel = label(purpose, NAME, 'none');
    this.requests.inc({ outcome, purpose: purposeLabel });
    for (const code of new Set(errorCodes.map((c) => label(c, CODE, 'OTHER')))) this.errors.inc({ code, purpose: purposeLabel });
    this.duration.observe({ outcome }, seconds);
  }

  /** One request to an agency's subgraph: how long, and how it failed if it did. */
  subgraphRequest(agency: string, seconds: number, failure?: SubgraphFailure): void {
    const name = label(agency, NAME, 'OTHER');
    this.subgraphDuration.observe({ agency: name }, seconds);
    if (!failure) return;
    this.subgraphFailures.inc({ agency: name, reason: failure });
    if (failure === 'timeout') this.subgraphTimeouts.inc({ agency: name });
  }

  /** The versions in force; a hot reload replaces the previous one. */
  versions(supergraph: string | null, policy: string | null): void {
    this.supergraph.reset();
    if (supergraph) this.supergraph.set({ version: supergraph }, 1);
    this.policy.reset();
    if (policy) this.policy.set({ version: policy }, 1);
  }

  /** For the audit store's `observer` option: its group commits. */
  auditObserver(): AuditStoreObserver {
    return {
      commitStarted: (size, queued) => {
        this.auditBatch.observe(size);
        this.auditQueue.set(queued);
      },
      committed: (size, seconds) => {
        this.auditCommit.observe(seconds);
        this.auditRecords.inc(size);
      },
      commitFailed: (_size, seconds) => {
        this.auditCommit.observe(seconds);
        this.auditFailures.inc();
      },
    };
  }
}
