/**
 * `npm run bench -- [--households N] [--duration S] [--connections C] [--rounds R] [--no-scale]`
 *
 * Our gateway (policy + audit, development defaults) against a bare Apollo Gateway with
 * Apollo's defaults, over the same subgraphs and the same household-view load, and the
 * full gateway's latency at 1,000 vs 100,000 households. Loopback only, bounded, cleans up
 * every child process and its temp directory on exit and on Ctrl-C. See bench/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseOptions } from './lib/args';
import { BenchRun, ROOT } from './lib/children';
import { median, measureRun, probe, round, runLoad, type ProbeResult, type RunRow } from './lib/measure';
import { machineInfo } from './lib/procfs';
import { summarizeProfile } from './lib/cpuProfile';
import { closeClientSockets, prepareData, startBareGateway, startFullGateway, startSubgraphs, type DataSet, type Gateway, type Subgraphs } from './lib/system';
import { buildBenchLoad, buildScaleLoad, purposeViews, TokenBook, type LoadItem } from './lib/workload';
import { auditStoreTable, benchDatabaseUrl, compareAuditStores, POSTGRES_TWO_INSTANCE_GOAL } from './lib/auditStoreBench';
import { postgresAuditSchema } from './lib/postgresAuditSchema';

const options = parseOptions('npm run bench --', {
  households: { kind: 'number', default: 10_000, help: 'households seeded for the bare/full comparison' },
  duration: { kind: 'number', default: 10, help: 'seconds per measured run' },
  connections: { kind: 'number', default: 32, help: 'concurrent connections (one request in flight each)' },
  rounds: { kind: 'number', default: 3, help: 'rounds of bare+full (order swapped every other round)' },
  warmup: { kind: 'number', default: 3, help: 'seconds of warm-up per gateway, not measured' },
  sample: { kind: 'number', default: 500, help: 'distinct households in the load' },
  probe: { kind: 'number', default: 40, help: 'views sent one at a time to both gateways to check cost and data' },
  scale: { kind: 'flag', default: true, help: 'skip the 1,000 vs 100,000 households run' },
  profile: { kind: 'flag', default: false, help: 'CPU-profile both gateways (bench/results/{bare,full}.cpuprofile); slows them' },
  postgres: { kind: 'flag', default: true, help: 'skip the PostgreSQL audit runs (a full gateway on it, and the audit-store comparison)' },
  'audit-seconds': { kind: 'number', default: 5, help: 'seconds per audit-store run' },
});

const PROFILE_DIR = path.join(ROOT, 'bench', 'results');

const SEED = 1;
const SAMPLE_SEED = 20261125;
const SCALE_SIZES = [1_000, 100_000] as const;
const started = Date.now();

function note(message: string): void {
  process.stderr.write(`bench [${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

interface Medians {
  runs: number;
  rps: number;
  p50: number;
  p99: number;
  sqlStatementsPerRequest: number;
  gatewayCpuMsPerRequest: number;
  errors: number;
}

function mediansOf(rows: RunRow[]): Medians {
  return {
    runs: rows.length,
    rps: round(median(rows.map((r) => r.rps)), 1),
    p50: round(median(rows.map((r) => r.latencyMs.p50))),
    p99: round(median(rows.map((r) => r.latencyMs.p99))),
    sqlStatementsPerRequest: round(median(rows.map((r) => r.sqlStatementsPerRequest))),
    gatewayCpuMsPerRequest: round(median(rows.map((r) => r.cpu.gatewayMsPerRequest)), 3),
    errors: rows.reduce((sum, r) => sum + r.non2xx + r.socketErrors + r.timeouts + r.graphqlErrors, 0),
  };
}

function errorsOf(row: RunRow): number {
  return row.non2xx + row.socketErrors + row.timeouts + row.graphqlErrors;
}

function table(rows: RunRow[]): string {
  const header = ['run', 'households', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'non-2xx', 'SQL/req', 'subgr.req/req', 'gw CPU ms/req', 'subgr CPU ms/req', 'gw cores', 'subgr cores', 'loadgen cores'];
  const lines = rows.map((r) => [
    r.label,
    String(r.households),
    r.rps.toFixed(1),
    r.latencyMs.p50.toFixed(2),
    r.latencyMs.p90.toFixed(2),
    r.latencyMs.p99.toFixed(2),
    String(errorsOf(r)),
    String(r.non2xx),
    r.sqlStatementsPerRequest.toFixed(2),
    r.subgraphRequestsPerRequest.toFixed(2),
    r.cpu.gatewayMsPerRequest.toFixed(2),
    r.cpu.subgraphMsPerRequest.toFixed(2),
    r.cpu.gatewayCores.toFixed(2),
    r.cpu.subgraphCores.toFixed(2),
    r.cpu.loadGeneratorCores.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

async function warmUp(gateway: Gateway, items: readonly LoadItem[]): Promise<void> {
  note(`warming up ${gateway.name} for ${options.warmup} s`);
  await runLoad({ url: gateway.url, connections: options.connections, durationS: options.warmup, items });
  // Requests cut off at the end still finish in the subgraphs: keep them out of the next run's counters.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** Alternates the gateways over `rounds`, reversing the order every other round. */
async function alternate(run: BenchRun, targets: Array<{ label: string; gateway: Gateway; subgraphs: Subgraphs; items: readonly LoadItem[]; households: number }>): Promise<RunRow[]> {
  const rows: RunRow[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      note(`round ${round}: ${target.label}, ${options.duration} s at ${options.connections} connections`);
      const row = await measureRun(`${round} ${target.label}`, target.gateway, target.subgraphs, target.items, {
        durationS: options.duration,
        connections: options.connections,
        households: target.households,
      });
      run.assertHealthy();
      note(`  ${row.rps.toFixed(0)} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, errors ${errorsOf(row)}`);
      rows.push(row);
    }
  }
  return rows;
}

async function comparison(run: BenchRun, tokens: TokenBook) {
  note(`seeding ${options.households} households`);
  const data = await prepareData(run, 'main', options.households, SEED);
  note(`seeded in ${data.seedMillis} ms`);
  const views = purposeViews(fs.readFileSync(data.supergraphPath, 'utf8'));
  const items = await buildBenchLoad(data.world, views, options.sample, SAMPLE_SEED, tokens);
  note(`load: ${items.length} households; purposes ${Object.entries(countBy(items.map((i) => i.purpose ?? '-'))).map(([p, n]) => `${p} ${n}`).join(', ')}`);

  const subgraphs = await startSubgraphs(run, data, 'main');
  const profileDir = options.profile ? PROFILE_DIR : undefined;
  const [bare, full] = await Promise.all([startBareGateway(run, data, subgraphs, 'bare', profileDir), startFullGateway(run, data, subgraphs, 'full', profileDir)]);
  note(`subgraphs, bare gateway (pid ${bare.child.pid}) and full gateway (pid ${full.child.pid}) are up`);
  // The same full gateway with its audit trail on PostgreSQL (a schema of its own, dropped after).
  const auditSchema = options.postgres ? await postgresAuditSchema(benchDatabaseUrl(), 'audit_bench_gateway') : null;
  if (options.postgres && auditSchema === null) note('PostgreSQL is not reachable: no full-postgres runs (set BENCH_DATABASE_URL)');
  const fullPostgres = auditSchema ? await startFullGateway(run, data, subgraphs, 'full-postgres', undefined, { AUDIT_DATABASE_URL: auditSchema.url }) : null;
  if (fullPostgres) note(`full gateway with PostgreSQL audit (pid ${fullPostgres.child.pid}) is up`);

  note(`probe: ${Math.min(options.probe, items.length)} views one at a time to both gateways`);
  const probeResult = await probe(items.slice(0, options.probe), { bare, full }, subgraphs);
  for (const sample of probeResult.samples) note(`  probe: ${sample}`);

  await warmUp(bare, items);
  await warmUp(full, items);
  if (fullPostgres) await warmUp(fullPostgres, items);
  const rows = await alternate(run, [
    { label: 'bare', gateway: bare, subgraphs, items, households: data.households },
    { label: 'full', gateway: full, subgraphs, items, households: data.households },
    ...(fullPostgres ? [{ label: 'full-postgres', gateway: fullPostgres, subgraphs, items, households: data.households }] : []),
  ]);
  await run.stopAll([bare.child, full.child, ...(fullPostgres ? [fullPostgres.child] : []), ...Object.values(subgraphs.children)]);
  const auditRecords = auditSchema ? await auditSchema.verifyAndDrop() : null;
  // The profiles are written as the gateways exit.
  const profiles = options.profile ? (['bare', 'full'] as const).map((name) => summarizeProfile(path.join(PROFILE_DIR, `${name}.cpuprofile`), ROOT)) : undefined;
  return { profiles, rows, auditRecords, probe: probeResult, loadHouseholds: items.length, purposes: countBy(items.map((i) => i.purpose ?? '-')), views: Object.fromEntries(views.views) };
}

async function scaleRun(run: BenchRun, tokens: TokenBook) {
  const systems: Array<{ data: DataSet; subgraphs: Subgraphs; gateway: Gateway; items: LoadItem[] }> = [];
  let professionals: number | undefined;
  for (const households of SCALE_SIZES) {
    note(`scale: seeding ${households} households`);
    const data = await prepareData(run, `scale-${households}`, households, SEED);
    note(`scale: seeded ${households} in ${data.seedMillis} ms`);
    const views = purposeViews(fs.readFileSync(data.supergraphPath, 'utf8'));
    // The same number of distinct professionals at both sizes (as many as the small
    // world has in its load), so only the size of the data differs.
    professionals ??= new Set((await buildBenchLoad(data.world, views, options.sample, SAMPLE_SEED, tokens)).map((i) => i.sub)).size;
    const items = await buildScaleLoad(data.world, views, options.sample, professionals, SAMPLE_SEED, tokens);
    note(`scale: ${items.length} views over ${households} households by ${new Set(items.map((i) => i.sub)).size} professionals`);
    const subgraphs = await startSubgraphs(run, data, `scale-${households}`);
    const gateway = await startFullGateway(run, data, subgraphs, `full-${households}`);
    systems.push({ data, subgraphs, gateway, items });
    // The world is only needed to build the load; let a 100k world go.
    (data as { world?: unknown }).world = undefined;
  }
  for (const system of systems) await warmUp(system.gateway, system.items);
  const rows = await alternate(
    run,
    systems.map((s) => ({ label: `full @ ${s.data.households}`, gateway: s.gateway, subgraphs: s.subgraphs, items: s.items, households: s.data.households })),
  );
  const bySize = Object.fromEntries(SCALE_SIZES.map((size) => [String(size), mediansOf(rows.filter((r) => r.households === size))]));
  const small = bySize[String(SCALE_SIZES[0])]!;
  const large = bySize[String(SCALE_SIZES[1])]!;
  await run.stopAll(systems.flatMap((s) => [s.gateway.child, ...Object.values(s.subgraphs.children)]));
  return {
    rows,
    medians: bySize,
    p50Ratio: round(large.p50 / small.p50, 3),
    rpsRatio: round(large.rps / small.rps, 3),
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function range(min: number, max: number): string {
  return min === max ? String(min) : `${min}-${max}`;
}

function describeProbe(p: ProbeResult): string {
  const lines = [`probe of ${p.requests} views, one at a time (SQL statements / subgraph requests per view):`];
  for (const [purpose, cost] of Object.entries(p.costByPurpose)) {
    lines.push(
      `  ${purpose.padEnd(17)} ${String(cost.full.views).padStart(3)} views   bare ${range(cost.bare.sqlMin, cost.bare.sqlMax).padStart(5)} SQL / ${range(cost.bare.subgraphRequestsMin, cost.bare.subgraphRequestsMax)} req` +
        `   full ${range(cost.full.viewSqlMin, cost.full.viewSqlMax).padStart(5)} SQL for the view, ${range(cost.full.sqlMin, cost.full.sqlMax)} with the need-to-know look-up / ${range(cost.full.subgraphRequestsMin, cost.full.subgraphRequestsMax)} req`,
    );
  }
  const unloaded = (kind: 'bare' | 'full') => `${kind} p50 ${p.unloadedLatencyMs[kind].p50} ms, p90 ${p.unloadedLatencyMs[kind].p90} ms`;
  lines.push(`  one request at a time (service time, no queueing): ${unloaded('bare')}; ${unloaded('full')}`);
  lines.push(`  errors: bare ${p.errors.bare}, full ${p.errors.full}; views whose data differ between the gateways: ${p.dataMismatches}`);
  return lines.join('\n');
}

/**
 * Within each purpose (one query shape), every view's data path costs the same number of
 * SQL statements, whatever the household's size (the need-to-know look-up, cached per
 * professional, is reported apart).
 */
function constantSql(p: ProbeResult): boolean {
  return Object.values(p.costByPurpose).every((cost) => cost.full.viewSqlMin === cost.full.viewSqlMax && cost.bare.viewSqlMin === cost.bare.viewSqlMax);
}

async function main(): Promise<void> {
  const machine = machineInfo();
  note(`${machine.cpus} cpus, node ${machine.node}, load average ${machine.loadAverage.join(' ')}`);
  const run = new BenchRun('huishoudview-bench');
  const tokens = new TokenBook();
  let exitCode = 0;
  try {
    const main = await comparison(run, tokens);
    const bare = mediansOf(main.rows.filter((r) => r.gateway === 'bare'));
    const full = mediansOf(main.rows.filter((r) => r.label.endsWith(' full')));
    const ratios = { throughput: round(full.rps / bare.rps, 3), p50: round(full.p50 / bare.p50, 3), p99: round(full.p99 / bare.p99, 3) };
    const postgresRows = main.rows.filter((r) => r.label.endsWith(' full-postgres'));
    const fullPostgres = postgresRows.length > 0 ? mediansOf(postgresRows) : null;
    const postgresRatios = fullPostgres ? { throughput: round(fullPostgres.rps / bare.rps, 3), p50: round(fullPostgres.p50 / bare.p50, 3), p99: round(fullPostgres.p99 / bare.p99, 3) } : null;
    const auditStores = options.postgres
      ? await compareAuditStores(run, { seconds: options['audit-seconds'], inFlight: 256, databaseUrl: benchDatabaseUrl() }, note)
      : null;
    const twoPostgres = auditStores?.rows.find((r) => r.store === 'postgres' && r.instances === 2);
    const scale = options.scale ? await scaleRun(run, tokens) : undefined;

    const invalid = bare.errors + full.errors + (fullPostgres?.errors ?? 0) + (main.auditRecords && !main.auditRecords.verified ? 1 : 0) + main.probe.dataMismatches + main.probe.errors.bare + main.probe.errors.full + (scale ? mediansOf(scale.rows).errors : 0);
    const targets = {
      'full/bare throughput >= 1.0': ratios.throughput >= 1.0,
      'full/bare p99 <= 1.1': ratios.p99 <= 1.1,
      'zero errors': invalid === 0,
      'constant SQL statements per view (per purpose)': constantSql(main.probe),
      ...(postgresRatios ? { 'full (PostgreSQL audit)/bare throughput >= 1.0': postgresRatios.throughput >= 1.0 } : {}),
      ...(twoPostgres ? { [`two PostgreSQL audit store instances >= ${POSTGRES_TWO_INSTANCE_GOAL} records/s`]: twoPostgres.recordsPerSecond >= POSTGRES_TWO_INSTANCE_GOAL } : {}),
      ...(scale ? { 'p50 at 100k within 10% of 1k': scale.p50Ratio <= 1.1 } : {}),
    };

    const out: string[] = [];
    out.push('', `bare vs full, ${options.households} households, ${main.loadHouseholds} in the load, ${options.connections} connections, ${options.duration} s per run`, '', table(main.rows), '');
    out.push(
      `medians   bare: ${bare.rps} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms, ${bare.sqlStatementsPerRequest} SQL/req, gateway CPU ${bare.gatewayCpuMsPerRequest} ms/req`,
      `          full: ${full.rps} req/s, p50 ${full.p50} ms, p99 ${full.p99} ms, ${full.sqlStatementsPerRequest} SQL/req, gateway CPU ${full.gatewayCpuMsPerRequest} ms/req`,
      `ratios full/bare: throughput ${ratios.throughput}, p50 ${ratios.p50}, p99 ${ratios.p99}`,
      ...(fullPostgres && postgresRatios
        ? [
            `full-postgres: ${fullPostgres.rps} req/s, p50 ${fullPostgres.p50} ms, p99 ${fullPostgres.p99} ms, gateway CPU ${fullPostgres.gatewayCpuMsPerRequest} ms/req`,
            `ratios full-postgres/bare: throughput ${postgresRatios.throughput}, p50 ${postgresRatios.p50}, p99 ${postgresRatios.p99}; its trail: ${main.auditRecords?.records} records, ${main.auditRecords?.verified ? 'chain verified' : 'chain BROKEN'}`,
          ]
        : []),
      '',
      describeProbe(main.probe),
    );
    if (auditStores) {
      out.push('', 'audit stores (closed loop, 256 appends in flight per instance, each instance its own process):', '', auditStoreTable(auditStores.rows));
      if (auditStores.postgres !== 'measured') out.push(`  ${auditStores.postgres}`);
    }
    if (scale) {
      out.push('', `scale: full gateway at ${SCALE_SIZES.join(' vs ')} households`, '', table(scale.rows), '');
      for (const [size, m] of Object.entries(scale.medians)) out.push(`medians @ ${size}: ${m.rps} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms`);
      out.push(`p50 ${SCALE_SIZES[1]} / ${SCALE_SIZES[0]}: ${scale.p50Ratio}   req/s ${SCALE_SIZES[1]} / ${SCALE_SIZES[0]}: ${scale.rpsRatio}`);
    }
    for (const profile of main.profiles ?? []) {
      out.push('', `CPU profile ${path.relative(process.cwd(), profile.file)}: self time as % of busy time (idle ${profile.idlePercent}%; includes start-up, warm-up, probe and the other gateway's runs):`);
      out.push(`  by origin: ${profile.byOrigin.slice(0, 10).map((o) => `${o.origin} ${o.percent}%`).join(', ')}`);
      for (const f of profile.topFunctions.slice(0, 10)) out.push(`  ${String(f.percent).padStart(5)}%  ${f.name}`);
    }
    out.push('', 'targets (issues 5 and 11):', ...Object.entries(targets).map(([name, met]) => `  ${met ? 'met    ' : 'NOT met'}  ${name}`));

    const results = {
      machine,
      parameters: { ...options, seed: SEED, sampleSeed: SAMPLE_SEED, scaleSizes: options.scale ? SCALE_SIZES : [] },
      load: { households: main.loadHouseholds, purposes: main.purposes, queries: main.views },
      runs: main.rows,
      medians: { bare, full, fullPostgres },
      ratios,
      ratiosPostgres: postgresRatios,
      auditTrailPostgres: main.auditRecords,
      auditStores,
      probe: main.probe,
      profiles: main.profiles ?? null,
      scale: scale ?? null,
      targets,
      totalSeconds: round((Date.now() - started) / 1000, 1),
    };
    const file = path.join(ROOT, 'bench', 'results', 'latest.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    out.push('', `written to ${path.relative(process.cwd(), file)} (${results.totalSeconds} s in all)`);
    process.stdout.write(`${out.join('\n')}\n`);
    if (invalid > 0) {
      process.stderr.write(`bench: ${invalid} errors or mismatches: the comparison is not valid (see errorSamples in the JSON)\n`);
      exitCode = 1;
    }
  } catch (err) {
    if (run.interrupted) return;
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    exitCode = 1;
  } finally {
    closeClientSockets();
    await run.finish();
  }
  process.exit(exitCode);
}

void main();
