import autocannon from 'autocannon';
import { cpuSeconds } from './procfs';
import { GATEWAY_KINDS, postJson, subgraphCounters, SUBGRAPHS, type Gateway, type GatewayKind, type Subgraphs } from './system';
import type { LoadItem } from './workload';

/** One value per contestant that ran. */
export type PerGateway<T> = Partial<Record<GatewayKind, T>>;

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentiles of response times in ms. */
export function summarize(latencies: number[]): LatencySummary {
  if (latencies.length === 0) return { p50: NaN, p90: NaN, p99: NaN, mean: NaN, max: NaN };
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), mean: round(mean), max: round(sorted[sorted.length - 1]!) };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  items: readonly LoadItem[];
  /** Sees every response body (autocannon `onResponse`), with the item that was sent. */
  onBody?: (item: LoadItem, status: number, body: string) => void;
}

export interface LoadResult {
  /** Responses received. */
  completed: number;
  /** Requests written, including those still in flight when the run stopped (autocannon cuts them off). */
  sent: number;
  durationS: number;
  /** All responses' times, ms. */
  latencies: number[];
  statusCounts: Record<string, number>;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
}

/**
 * One autocannon run in this process, POSTing `items` to `url` round-robin across all
 * connections (one request in flight per connection).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { items, onBody } = options;
  const target = new URL(options.url);
  let next = 0;
  const latencies: number[] = [];
  interface Context {
    item?: LoadItem;
  }
  let finish!: (result: autocannon.Result) => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: target.origin,
    connections: options.connections,
    duration: options.durationS,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: target.pathname,
        setupRequest: (request, context) => {
          const item = items[next++ % items.length]!;
          (context as Context).item = item;
          return { ...request, method: 'POST', path: target.pathname, headers: item.headers, body: item.body };
        },
        onResponse: (status, body, context) => {
          const item = (context as Context).item;
          if (item && onBody) onBody(item, status, body);
        },
      },
    ],
  }, (err, result) => (err ? fail(err) : finish(result)));
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await done;
  const statusCounts: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = count ?? 0;
  return {
    completed: latencies.length,
    sent: result.requests.sent ?? latencies.length,
    durationS: result.duration,
    latencies,
    statusCounts,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
  };
}

/** What a body says: GraphQL errors (with their codes) and whether a household came back. */
export interface BodyCheck {
  errorResponses: number;
  nullHousehold: number;
  unparsable: number;
  codes: Record<string, number>;
  samples: string[];
}

export function newBodyCheck(): BodyCheck {
  return { errorResponses: 0, nullHousehold: 0, unparsable: 0, codes: {}, samples: [] };
}

/** Error codes of a GraphQL response body; `null` when it is not JSON. */
export function errorCodes(body: string): string[] | null {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return (parsed.errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'NO_CODE'));
  } catch {
    return null;
  }
}

/** Checks a benchmark response: every one must be a household without errors. Parses only when it looks wrong. */
export function checkBenchBody(check: BodyCheck, body: string): void {
  if (!body.includes('"errors"') && body.startsWith('{"data":{"household":{')) return;
  let parsed: { data?: { household?: unknown } | null; errors?: Array<{ extensions?: { code?: unknown } }> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    check.unparsable += 1;
    if (check.samples.length < 3) check.samples.push(body.slice(0, 400));
    return;
  }
  const codes = (parsed.errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'NO_CODE'));
  if (codes.length > 0) {
    check.errorResponses += 1;
    for (const code of codes) check.codes[code] = (check.codes[code] ?? 0) + 1;
  } else if (parsed.data?.household) {
    return; // fine, only laid out differently
  } else check.nullHousehold += 1;
  if (check.samples.length < 3) check.samples.push(body.slice(0, 400));
}

export interface CpuUse {
  /** Cores busy on average over the run (1.0 = one core fully used). */
  gatewayCores: number;
  subgraphCores: number;
  loadGeneratorCores: number;
  gatewayMsPerRequest: number;
  subgraphMsPerRequest: number;
  loadGeneratorMsPerRequest: number;
}

export interface RunRow {
  label: string;
  gateway: GatewayKind;
  households: number;
  durationS: number;
  connections: number;
  requests: number;
  sent: number;
  rps: number;
  latencyMs: LatencySummary;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  /** Responses with `errors` in the body, or no household, or not JSON. */
  graphqlErrors: number;
  errorCodes: Record<string, number>;
  errorSamples: string[];
  /** Over the whole run: subgraph `/stats` delta / requests answered. */
  sqlStatementsPerRequest: number;
  subgraphRequestsPerRequest: number;
  cpu: CpuUse;
}

function cpuOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}

/** One measured run against one gateway: load, response checks, SQL per request, CPU per process. */
export async function measureRun(
  label: string,
  gateway: Gateway,
  subgraphs: Subgraphs,
  items: readonly LoadItem[],
  options: { durationS: number; connections: number; households: number },
): Promise<RunRow> {
  const check = newBodyCheck();
  const subgraphPids = SUBGRAPHS.map((agency) => subgraphs.children[agency].pid);
  const countersBefore = await subgraphCounters(subgraphs);
  const gatewayCpuBefore = cpuOf([gateway.child.pid]);
  const subgraphCpuBefore = cpuOf(subgraphPids);
  const selfBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();

  const load = await runLoad({
    url: gateway.url,
    connections: options.connections,
    durationS: options.durationS,
    items,
    onBody: (_item, status, body) => {
      if (status >= 200 && status < 300) checkBenchBody(check, body);
    },
  });

  const wallSeconds = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  const self = process.cpuUsage(selfBefore);
  const gatewayCpu = cpuOf([gateway.child.pid]) - gatewayCpuBefore;
  const subgraphCpu = cpuOf(subgraphPids) - subgraphCpuBefore;
  // In-flight requests cut off at the end still finish in the subgraphs; let them settle.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const countersAfter = await subgraphCounters(subgraphs);
  const loadCpu = (self.user + self.system) / 1e6;
  const perRequest = (seconds: number) => round((seconds * 1000) / Math.max(1, load.completed), 3);

  return {
    label,
    gateway: gateway.kind,
    households: options.households,
    durationS: round(load.durationS, 2),
    connections: options.connections,
    requests: load.completed,
    sent: load.sent,
    rps: round(load.completed / load.durationS, 1),
    latencyMs: summarize(load.latencies),
    non2xx: load.non2xx,
    socketErrors: load.socketErrors,
    timeouts: load.timeouts,
    graphqlErrors: check.errorResponses + check.nullHousehold + check.unparsable,
    errorCodes: check.codes,
    errorSamples: check.samples,
    sqlStatementsPerRequest: round((countersAfter.sqlStatements - countersBefore.sqlStatements) / Math.max(1, load.sent), 2),
    subgraphRequestsPerRequest: round((countersAfter.requests - countersBefore.requests) / Math.max(1, load.sent), 2),
    cpu: {
      gatewayCores: round(gatewayCpu / wallSeconds),
      subgraphCores: round(subgraphCpu / wallSeconds),
      loadGeneratorCores: round(loadCpu / wallSeconds),
      gatewayMsPerRequest: perRequest(gatewayCpu),
      subgraphMsPerRequest: perRequest(subgraphCpu),
      loadGeneratorMsPerRequest: perRequest(loadCpu),
    },
  };
}

export interface ProbeCost {
  views: number;
  sqlMin: number;
  sqlMax: number;
  /** The data path alone (see `viewSql`). */
  viewSqlMin: number;
  viewSqlMax: number;
  sqlMean: number;
  subgraphRequestsMin: number;
  subgraphRequestsMax: number;
}

export interface ProbeResult {
  requests: number;
  /** Per gateway: SQL statements and subgraph requests one view costs, over all probed views. */
  cost: PerGateway<ProbeCost>;
  /** The same per purpose: each purpose asks a different view, so only within a purpose should the cost be constant. */
  costByPurpose: Record<string, PerGateway<ProbeCost>>;
  /** Every probed view: household, purpose, and what it cost on each gateway. */
  views: Array<{
    householdId: string;
    purpose: string;
    members: number;
    /** All statements the view caused in the subgraphs. */
    sql: PerGateway<number>;
    /**
     * Statements of the view's data path only (the full gateway's `extensions.sqlStatements`):
     * without its need-to-know look-up, which is cached per professional and so not paid by
     * every view.
     */
    viewSql: PerGateway<number>;
    subgraphRequests: PerGateway<number>;
  }>;
  /** Response times of these single requests, nothing else running: service time, not queueing. */
  unloadedLatencyMs: PerGateway<LatencySummary>;
  /** Views whose `data` differed between any two gateways (should be 0). */
  dataMismatches: number;
  /** Probe responses with errors, per gateway (should be 0). */
  errors: PerGateway<number>;
  samples: string[];
}

function costOf(values: Array<{ sql: number; viewSql: number; calls: number }>): ProbeCost {
  const sql = values.map((v) => v.sql);
  const viewSql = values.map((v) => v.viewSql);
  const calls = values.map((v) => v.calls);
  return {
    views: values.length,
    sqlMin: Math.min(...sql),
    sqlMax: Math.max(...sql),
    viewSqlMin: Math.min(...viewSql),
    viewSqlMax: Math.max(...viewSql),
    sqlMean: round(sql.reduce((a, b) => a + b, 0) / Math.max(1, sql.length)),
    subgraphRequestsMin: Math.min(...calls),
    subgraphRequestsMax: Math.max(...calls),
  };
}

/**
 * Sends `items` one at a time to every gateway (nothing else running), reading every
 * subgraph's `/stats` around each request: the exact SQL statements and subgraph requests
 * per view, whether that number is constant, and whether the gateways return the same data.
 */
export async function probe(items: readonly LoadItem[], gateways: PerGateway<Gateway>, subgraphs: Subgraphs): Promise<ProbeResult> {
  const kinds = GATEWAY_KINDS.filter((kind) => gateways[kind] !== undefined);
  const perKind = <T>(value: () => T): PerGateway<T> => Object.fromEntries(kinds.map((kind) => [kind, value()])) as PerGateway<T>;
  const views: ProbeResult['views'] = [];
  const errors = perKind(() => 0);
  const samples: string[] = [];
  const latencies = perKind<number[]>(() => []);
  let dataMismatches = 0;
  // Plans and connections first, so the first measured views are not the cold ones.
  const purposesSeen = new Set<string | undefined>();
  for (const item of items) {
    if (purposesSeen.has(item.purpose)) continue;
    purposesSeen.add(item.purpose);
    for (const kind of kinds) await postJson(gateways[kind]!.url, item.body, item.headers);
  }
  for (const item of items) {
    const data = perKind(() => '');
    const sql = perKind(() => 0);
    const viewSql = perKind(() => 0);
    const calls = perKind(() => 0);
    let members = 0;
    for (const kind of kinds) {
      const before = await subgraphCounters(subgraphs);
      const sentAt = process.hrtime.bigint();
      const answer = await postJson(gateways[kind]!.url, item.body, item.headers);
      latencies[kind]!.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      const after = await subgraphCounters(subgraphs);
      sql[kind] = after.sqlStatements - before.sqlStatements;
      calls[kind] = after.requests - before.requests;
      const parsed = JSON.parse(answer.text) as { data?: { household?: { members?: unknown[] } | null }; errors?: unknown[]; extensions?: { sqlStatements?: unknown } };
      viewSql[kind] = typeof parsed.extensions?.sqlStatements === 'number' ? parsed.extensions.sqlStatements : sql[kind];
      if (answer.status !== 200 || (parsed.errors?.length ?? 0) > 0 || !parsed.data?.household) {
        errors[kind]! += 1;
        if (samples.length < 3) samples.push(`${kind} ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      members = parsed.data?.household?.members?.length ?? members;
      data[kind] = JSON.stringify(parsed.data);
    }
    const differing = kinds.filter((kind) => data[kind] !== data[kinds[0]!]);
    if (differing.length > 0) {
      dataMismatches += 1;
      if (samples.length < 3) samples.push(`data differs for ${item.householdId} (${item.purpose}) between ${kinds[0]} and ${differing.join(', ')}`);
    }
    views.push({ householdId: item.householdId, purpose: item.purpose ?? '-', members, sql, viewSql, subgraphRequests: calls });
  }
  const costFor = (kind: GatewayKind, subset: typeof views) => costOf(subset.map((v) => ({ sql: v.sql[kind]!, viewSql: v.viewSql[kind]!, calls: v.subgraphRequests[kind]! })));
  const costByPurpose: ProbeResult['costByPurpose'] = {};
  for (const purpose of [...new Set(views.map((v) => v.purpose))].sort()) {
    const subset = views.filter((v) => v.purpose === purpose);
    costByPurpose[purpose] = perKindOf(kinds, (kind) => costFor(kind, subset));
  }
  return {
    requests: items.length,
    cost: perKindOf(kinds, (kind) => costFor(kind, views)),
    costByPurpose,
    views,
    unloadedLatencyMs: perKindOf(kinds, (kind) => summarize(latencies[kind]!)),
    dataMismatches,
    errors,
    samples,
  };
}

function perKindOf<T>(kinds: readonly GatewayKind[], value: (kind: GatewayKind) => T): PerGateway<T> {
  return Object.fromEntries(kinds.map((kind) => [kind, value(kind)])) as PerGateway<T>;
}
