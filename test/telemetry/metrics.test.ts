import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import { metricsOptionsFromEnv } from '../../platform/telemetry/MetricsOptions';
import { supergraphVersion } from '../../gateway/supergraphVersion';
import { DEMO, gatewayTokenHeaders, headersFor } from '../harness/callers';
import { startSystem, type RunningSystem } from '../harness/startSystem';
import fs from 'node:fs';
import path from 'node:path';

/*
 * GET /metrics (issue 11, item 5): Prometheus text from the gateway and each subgraph, for
 * real requests of every kind — and never an id of a person, household or user in it.
 */

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 5, gateway: { subgraphTimeoutMs: 2000 } });
});
afterAll(() => system?.close());

const VIEW = '{ household(id: "H-0001") { id address { city } members { name debtCase { status creditors { name } } } tenancy { status } } }';
/** Anything shaped like a household, person or user id of the demo world. */
const ID_SHAPES = [/H-\d{4}/, /P-\d{4}/, /u-[a-z]+-\d/];

async function metricsText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, e.g. `gateway_requests_total{outcome="ok",purpose="regie"}`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('the gateway /metrics (development: on the public port)', () => {
  let text: string;

  beforeAll(async () => {
    await system.query(VIEW, { headers: await headersFor(DEMO.regisseur) }); // partial: creditors redacted
    await system.query('{ household(id: "H-0001") { id } }', { headers: await headersFor(DEMO.regisseur) }); // ok
    await system.query('{ household(id: "H-0002") { id } }', { headers: await headersFor(DEMO.otherRegisseur) }); // no relation
    await system.query('{ household(id: "Jansen, Dorpsstraat 1") { id } }', { headers: await headersFor(DEMO.regisseur) }); // typed text
    await system.query('{ household(id: "H-0001") { id } }'); // no token
    await system.query('{ myAccessLog { at purpose } }', { headers: await headersFor(DEMO.burger) });
    await system.stopAgency('wonen');
    await system.query(VIEW, { headers: await headersFor(DEMO.regisseur) }); // wonen down
    text = await metricsText(`${system.gatewayOrigin}/metrics`);
  });

  it('counts requests by outcome, purpose and error code', () => {
    expect(sample(text, 'gateway_requests_total', { outcome: 'ok', purpose: 'regie' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_requests_total', { outcome: 'partial', purpose: 'regie' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'gateway_requests_total', { outcome: 'forbidden', purpose: 'regie' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_requests_total', { outcome: 'unauthenticated', purpose: 'none' })).toBe(1);
    expect(sample(text, 'gateway_requests_total', { purpose: 'inzage' })).toBe(1);
    expect(sample(text, 'gateway_request_errors_total', { code: 'FORBIDDEN_FIELD', purpose: 'regie' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'gateway_request_errors_total', { code: 'FORBIDDEN' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_request_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    expect(sample(text, 'gateway_request_errors_total', { code: 'AGENCY_UNAVAILABLE', purpose: 'regie' })).toBe(1);
    expect(sample(text, 'gateway_request_duration_seconds_count', { outcome: 'partial' })).toBeGreaterThanOrEqual(2);
  });

  it('has per-agency subgraph latency and failures', () => {
    expect(sample(text, 'gateway_subgraph_request_duration_seconds_count', { agency: 'gemeente' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_subgraph_request_duration_seconds_bucket', { agency: 'schuldhulp', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_subgraph_failures_total', { agency: 'wonen', reason: 'network' })).toBe(1);
    expect(text).toContain('# TYPE gateway_subgraph_timeouts_total counter');
  });

  it('has the audit store’s commits: latency, batch size, queue depth, failures', () => {
    expect(sample(text, 'audit_commit_duration_seconds_count', {})).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'audit_commit_batch_size_sum', {})).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'audit_records_committed_total', {})).toBeGreaterThanOrEqual(7);
    expect(sample(text, 'audit_queue_depth', {})).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'audit_commit_failures_total', {})).toBe(0);
  });

  it('names the supergraph and policy versions in force, and has the process metrics', () => {
    const sdl = fs.readFileSync(path.join(system.dataDir, 'supergraph.graphql'), 'utf8');
    expect(sample(text, 'gateway_supergraph_info', { version: supergraphVersion(sdl) })).toBe(1);
    expect(text).toMatch(/^gateway_policy_info\{version="[^"]+"\} 1$/m);
    expect(sample(text, 'process_cpu_user_seconds_total', {})).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds', {})).toBeDefined();
  });

  it('holds no id of a person, household or user, and no text a caller typed', () => {
    for (const shape of ID_SHAPES) expect(text).not.toMatch(shape);
    expect(text).not.toContain('Jansen');
  });
});

describe('a subgraph /metrics', () => {
  it('answers only the gateway on the public port, and counts by outcome and purpose without ids', async () => {
    const gemeente = system.subgraphs.gemeente!;
    const origin = new URL(gemeente.url).origin;
    expect((await fetch(`${origin}/metrics`)).status).toBe(401);
    const text = await metricsText(`${origin}/metrics`, await gatewayTokenHeaders(system.dataDir, 'gemeente', { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur', purpose: 'regie' }));
    expect(sample(text, 'subgraph_requests_total', { agency: 'gemeente', outcome: 'ok', purpose: 'regie' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'subgraph_request_duration_seconds_count', { agency: 'gemeente' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'subgraph_sql_statements_total', { agency: 'gemeente' })).toBeGreaterThanOrEqual(1);
    for (const shape of ID_SHAPES) expect(text).not.toMatch(shape);
  });

  it('counts an answer that carries GraphQL errors in a 200 as graphql_error, not ok', async () => {
    const audit = system.subgraphs.audit!;
    const origin = new URL(audit.url).origin;
    const headers = await gatewayTokenHeaders(system.dataDir, 'audit', { sub: 'u-privacy-1', org: 'gemeente', role: 'privacy-officer', purpose: 'toezicht' });
    const count = async () => sample(await metricsText(`${origin}/metrics`, headers), 'subgraph_requests_total', { agency: 'audit', outcome: 'graphql_error', purpose: 'toezicht' }) ?? 0;
    const before = await count();
    const response = await fetch(audit.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { reviewBreakGlass(recordSeq: 1, verdict: JUSTIFIED, note: "") { recordSeq } }' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before + 1);
  });
});

describe('production: metrics off the public port', () => {
  it('reads METRICS_PORT and METRICS_HOST; off in production without them; a bad port is named', () => {
    expect(metricsOptionsFromEnv({ NODE_ENV: 'production' })).toEqual({ onPublicPort: false, host: '127.0.0.1', port: undefined });
    expect(metricsOptionsFromEnv({ NODE_ENV: 'production', METRICS_PORT: '9464' })).toEqual({ onPublicPort: false, host: '127.0.0.1', port: 9464 });
    expect(metricsOptionsFromEnv({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' })).toEqual({ onPublicPort: false, host: '10.0.0.5', port: 9464 });
    expect(metricsOptionsFromEnv({ NODE_ENV: 'development' })).toMatchObject({ onPublicPort: true });
    expect(() => metricsOptionsFromEnv({ METRICS_PORT: 'nine' })).toThrow('METRICS_PORT must be a port number (0-65535) for the metrics listener, not "nine".');
  });

  it('serves /metrics on the separate listener only', async () => {
    let gateway: RunningGateway | undefined;
    try {
      gateway = await startGateway({
        port: 0,
        dataDir: system.dataDir,
        supergraphPath: path.join(system.dataDir, 'supergraph.graphql'),
        subgraphUrls: Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.url])),
        auditFile: path.join(system.dataDir, 'audit-metrics.sqlite'),
        metrics: { onPublicPort: false, port: 0, host: '127.0.0.1' },
      });
      expect(gateway.metricsPort).toBeGreaterThan(0);
      // The public port has no such route (the apps' page fallback answers, without a metric).
      const publicAnswer = await fetch(`http://127.0.0.1:${gateway.port}/metrics`);
      expect(publicAnswer.headers.get('content-type')).not.toMatch(/^text\/plain/);
      expect(await publicAnswer.text()).not.toContain('gateway_requests_total');
      const text = await metricsText(`http://127.0.0.1:${gateway.metricsPort}/metrics`);
      expect(text).toContain('# TYPE gateway_requests_total counter');
      expect((await fetch(`http://127.0.0.1:${gateway.metricsPort}/graphql`)).status).toBe(404);
    } finally {
      await gateway?.close();
    }
  });
});
