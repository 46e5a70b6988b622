/**
 * `npm run loadtest -- [--duration S (120)] [--connections C (64)] [--households N (10000)]`
 *
 * Our gateway (development defaults: policy + audit on) under a bounded, loopback-only
 * load of mixed callers, most allowed and some refused, for issue 5 part 5. Requirements,
 * each checked and printed; the exit code is 1 if any fails:
 *   1. zero 5xx responses (and no socket errors or timeouts);
 *   2. every response is what its caller should get (the view, or the expected refusal code);
 *   3. memory flat: the gateway's RSS (VmRSS, sampled every few seconds) does not keep
 *      growing over the second half of the run;
 *   4. audit records = requests: the rows the gateway wrote to `<DATA_DIR>/audit.sqlite`
 *      match the requests it received. See bench/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { auditFile } from '../audit/auditFile';
import type { World, WorldHousehold } from '../seed/world';
import { Random } from '../seed/random';
import { parseOptions } from './lib/args';
import { BenchRun, ROOT } from './lib/children';
import { errorCodes, round, runLoad, summarize } from './lib/measure';
import { machineInfo, rssMiB } from './lib/procfs';
import { closeClientSockets, postJson, prepareData, startFullGateway, startSubgraphs, type Gateway } from './lib/system';
import {
  FULL_HOUSEHOLD_VIEW,
  purposeViews,
  relatedProfessionals,
  requestBody,
  sampleHouseholds,
  TokenBook,
  type LoadItem,
  type PurposeViews,
} from './lib/workload';

const options = parseOptions('npm run loadtest --', {
  duration: { kind: 'number', default: 120, help: 'seconds of load' },
  connections: { kind: 'number', default: 64, help: 'concurrent connections (one request in flight each)' },
  households: { kind: 'number', default: 10_000, help: 'households seeded' },
  sample: { kind: 'number', default: 300, help: 'distinct households the callers ask for' },
  'rss-interval': { kind: 'number', default: 2, help: 'seconds between samples of the gateway RSS' },
});

const SAMPLE_SEED = 20261126;
const started = Date.now();

function note(message: string): void {
  process.stderr.write(`loadtest [${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

/**
 * The mix of callers, per 100 requests. `expect`: the `extensions.code` the response must
 * carry (undefined: no errors, the household comes back).
 */
const MIX: Array<{ kind: string; weight: number; expect?: string; what: string }> = [
  { kind: 'ok', weight: 66, what: 'a related professional, own purpose, the fields that purpose permits' },
  { kind: 'redacted', weight: 6, expect: 'FORBIDDEN_FIELD', what: 'a related professional asking the whole view: some fields come back null' },
  { kind: 'no-token', weight: 5, expect: 'UNAUTHENTICATED', what: 'no Authorization header' },
  { kind: 'bad-token', weight: 3, expect: 'UNAUTHENTICATED', what: 'a token that is not a JWT' },
  { kind: 'no-purpose', weight: 3, expect: 'PURPOSE_REQUIRED', what: 'no X-Purpose header' },
  { kind: 'wrong-purpose', weight: 5, expect: 'PURPOSE_NOT_PERMITTED', what: "a purpose that is not the role's" },
  { kind: 'regisseur-2-on-H-0001', weight: 5, expect: 'FORBIDDEN', what: 'u-regisseur-2 asks for H-0001' },
  { kind: 'unrelated', weight: 7, expect: 'FORBIDDEN', what: 'a professional asks for a household they have no relation with' },
];

function headers(token: string | undefined, purpose: string | undefined): Record<string, string> {
  const result: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) result.authorization = `Bearer ${token}`;
  if (purpose !== undefined) result['x-purpose'] = purpose;
  return result;
}

/** One item per request kind for each sampled household, then a shuffled sequence weighted by MIX. */
async function buildMixedLoad(world: World, views: PurposeViews, tokens: TokenBook): Promise<LoadItem[]> {
  const rng = new Random(SAMPLE_SEED);
  const names = new Map(world.professionals.map((p) => [p.sub, p.name]));
  const households = sampleHouseholds(world, options.sample, SAMPLE_SEED, (h) => relatedProfessionals(h, views).length > 0);
  const purposes = [...views.views.keys()];
  const byKind = new Map<string, LoadItem[]>(MIX.map((m) => [m.kind, []]));
  const expectOf = (kind: string) => MIX.find((m) => m.kind === kind)!.expect;
  const add = (kind: string, household: WorldHousehold | { id: string }, caller: { sub: string; role: string }, purpose: string | undefined, query: string, token: string | undefined) =>
    byKind.get(kind)!.push({ kind, householdId: household.id, sub: caller.sub, role: caller.role, purpose, body: requestBody(query, household.id), headers: headers(token, purpose), expectCode: expectOf(kind) });

  const regisseur2 = { sub: 'u-regisseur-2', role: 'regisseur', org: 'gemeente' };
  const regisseur2Token = await tokens.token(regisseur2);
  for (const household of households) {
    const professional = rng.pick(relatedProfessionals(household, views));
    const token = await tokens.token({ ...professional, name: names.get(professional.sub) });
    const view = views.views.get(professional.purpose)!;
    add('ok', household, professional, professional.purpose, view, token);
    add('redacted', household, professional, professional.purpose, FULL_HOUSEHOLD_VIEW, token);
    add('no-token', household, professional, professional.purpose, view, undefined);
    add('bad-token', household, professional, professional.purpose, view, 'not-a-jwt');
    add('no-purpose', household, professional, undefined, view, token);
    const wrong = rng.pick(purposes.filter((p) => p !== professional.purpose));
    add('wrong-purpose', household, professional, wrong, views.views.get(wrong)!, token);
    add('regisseur-2-on-H-0001', { id: 'H-0001' }, regisseur2, 'regie', views.views.get('regie')!, regisseur2Token);
    // Another sampled household this professional has no involvement with.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const other = rng.pick(households);
      if (other.involvements.some((i) => i.professional === professional.sub)) continue;
      add('unrelated', other, professional, professional.purpose, view, token);
      break;
    }
  }
  // A sequence of 20 blocks of 100, each block holding the kinds in MIX's proportions, shuffled.
  const sequence: LoadItem[] = [];
  const cursor = new Map<string, number>();
  for (let block = 0; block < 20; block += 1) {
    const items: LoadItem[] = [];
    for (const { kind, weight } of MIX) {
      const pool = byKind.get(kind)!;
      for (let i = 0; i < weight; i += 1) {
        const at = cursor.get(kind) ?? 0;
        items.push(pool[at % pool.length]!);
        cursor.set(kind, at + 1);
      }
    }
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rng.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    sequence.push(...items);
  }
  return sequence;
}

interface KindTally {
  responses: number;
  statuses: Record<string, number>;
  /** Responses that were not what this caller should get. */
  wrong: number;
  samples: string[];
}

/** Is this the answer the caller should get? Returns a reason when not. */
function judge(item: LoadItem, status: number, body: string): string | undefined {
  if (status >= 500) return `status ${status}`;
  const codes = errorCodes(body);
  if (codes === null) return `status ${status}, body is not JSON`;
  if (item.expectCode === undefined) {
    if (status !== 200) return `status ${status}`;
    if (codes.length > 0) return `errors ${codes.join(',')}`;
    if (!body.includes('"household":{')) return 'no household in the data';
    return undefined;
  }
  if (!codes.includes(item.expectCode)) return `expected ${item.expectCode}, got ${codes.join(',') || 'no errors'} (status ${status})`;
  // A refusal (anything but redaction) must carry no data at all.
  if (item.expectCode !== 'FORBIDDEN_FIELD' && /"household":\{/.test(body)) return `${item.expectCode} but household data came back`;
  if (item.expectCode === 'FORBIDDEN_FIELD' && !body.includes('"household":{')) return 'redaction erased the whole household';
  return undefined;
}

/** Least-squares slope of y over x. */
function slope(points: Array<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

interface AuditCount {
  present: boolean;
  records?: number;
  /** Records per `outcome` column value, to compare with the responses per kind. */
  byOutcome?: Record<string, number>;
  detail: string;
}

/**
 * AUDIT CHECK: rows of kind `access` in `<DATA_DIR>/audit.sqlite`, table `audit_records`
 * (audit/migrations/001_init.sql; `checkpoint` rows of the retention prune are not
 * accesses). Read-only, after the gateway has stopped so every record is committed.
 */
function countAuditRecords(dataDir: string): AuditCount {
  const file = auditFile(dataDir);
  if (!fs.existsSync(file)) return { present: false, detail: `audit store not present (${file} does not exist: is the audit layer wired into the gateway yet?)` };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_records'").get();
    if (!table) return { present: false, detail: `audit store not present (${file} has no audit_records table)` };
    const columns = (db.prepare('PRAGMA table_info(audit_records)').all() as Array<{ name: string }>).map((c) => c.name);
    const sql = columns.includes('kind') ? "SELECT count(*) AS n FROM audit_records WHERE kind = 'access'" : 'SELECT count(*) AS n FROM audit_records';
    const { n } = db.prepare(sql).get() as { n: number };
    const byOutcome: Record<string, number> = {};
    if (columns.includes('outcome')) {
      const where = columns.includes('kind') ? "WHERE kind = 'access'" : '';
      for (const row of db.prepare(`SELECT outcome, count(*) AS n FROM audit_records ${where} GROUP BY outcome`).all() as Array<{ outcome: string | null; n: number }>) {
        byOutcome[row.outcome ?? '(none)'] = row.n;
      }
    }
    return { present: true, records: n, byOutcome, detail: `${n} access records in ${file}` };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const machine = machineInfo();
  note(`${machine.cpus} cpus, node ${machine.node}, load average ${machine.loadAverage.join(' ')}`);
  const run = new BenchRun('huishoudview-loadtest');
  const failures: string[] = [];
  try {
    note(`seeding ${options.households} households`);
    const data = await prepareData(run, 'data', options.households);
    const views = purposeViews(fs.readFileSync(data.supergraphPath, 'utf8'));
    const tokens = new TokenBook();
    const sequence = await buildMixedLoad(data.world, views, tokens);
    const subgraphs = await startSubgraphs(run, data, 'sub');
    const gateway: Gateway = await startFullGateway(run, data, subgraphs, 'gateway');
    note(`gateway up (pid ${gateway.child.pid}); ${sequence.length} requests in the mixed sequence`);

    // One of each kind first, one at a time: a wrong expectation shows up before 2 minutes of load.
    const tallies = new Map<string, KindTally>(MIX.map((m) => [m.kind, { responses: 0, statuses: {}, wrong: 0, samples: [] }]));
    const record = (item: LoadItem, status: number, body: string) => {
      const tally = tallies.get(item.kind)!;
      tally.responses += 1;
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      const reason = judge(item, status, body);
      if (reason) {
        tally.wrong += 1;
        if (tally.samples.length < 2) tally.samples.push(`${reason}: ${body.slice(0, 300)}`);
      }
    };
    let precheckRequests = 0;
    for (const { kind } of MIX) {
      const item = sequence.find((i) => i.kind === kind)!;
      const answer = await postJson(gateway.url, item.body, item.headers);
      precheckRequests += 1;
      const reason = judge(item, answer.status, answer.text);
      note(`  check ${kind.padEnd(22)} ${answer.status} ${reason ? `WRONG: ${reason}` : 'as expected'}`);
      record(item, answer.status, answer.text);
    }

    const rss: Array<{ t: number; mib: number }> = [];
    const loadStarted = Date.now();
    const sampleRss = () => {
      const mib = rssMiB(gateway.child.pid);
      if (mib !== undefined) rss.push({ t: (Date.now() - loadStarted) / 1000, mib: round(mib, 1) });
    };
    sampleRss();
    const sampler = setInterval(sampleRss, options['rss-interval'] * 1000);
    const progress = setInterval(() => {
      const last = rss[rss.length - 1];
      note(`  ${Math.round((Date.now() - loadStarted) / 1000)} s, gateway RSS ${last?.mib ?? '?'} MiB`);
    }, 20_000);
    note(`load: ${options.duration} s at ${options.connections} connections`);
    const load = await runLoad({ url: gateway.url, connections: options.connections, durationS: options.duration, items: sequence, onBody: record });
    clearInterval(sampler);
    clearInterval(progress);
    sampleRss();
    run.assertHealthy();

    note('stopping the gateway (SIGTERM: drains in-flight requests and their audit records)');
    const stopStarted = Date.now();
    const exit = await run.stop(gateway.child);
    const stopMs = Date.now() - stopStarted;
    const audit = countAuditRecords(data.dataDir);

    // --- 1. no 5xx, no socket errors or timeouts
    const fiveXx = Object.entries(load.statusCounts).filter(([code]) => Number(code) >= 500).reduce((sum, [, n]) => sum + n, 0);
    if (fiveXx > 0) failures.push(`${fiveXx} responses with status 5xx`);
    if (load.socketErrors + load.timeouts > 0) failures.push(`${load.socketErrors} socket errors and ${load.timeouts} timeouts`);
    // --- 2. right answers
    const wrong = [...tallies.values()].reduce((sum, t) => sum + t.wrong, 0);
    if (wrong > 0) failures.push(`${wrong} responses were not what the caller should get`);
    // --- 3. memory flat over the second half
    const half = options.duration / 2;
    const secondHalf = rss.filter((s) => s.t >= half).map((s) => ({ x: s.t, y: s.mib }));
    const slopePerMinute = slope(secondHalf) * 60;
    const secondHalfMean = secondHalf.reduce((s, p) => s + p.y, 0) / Math.max(1, secondHalf.length);
    const growthOverHalf = (slopePerMinute * half) / 60;
    const allowedGrowth = Math.max(10, 0.05 * secondHalfMean);
    const rssValues = rss.map((s) => s.mib);
    if (growthOverHalf > allowedGrowth) failures.push(`gateway RSS grew ${round(growthOverHalf, 1)} MiB over the second half (allowed ${round(allowedGrowth, 1)})`);
    // --- 4. audit records = requests
    const sentToGateway = load.sent + precheckRequests;
    const answered = load.completed + precheckRequests;
    let auditLine: string;
    if (!audit.present) {
      auditLine = `NOT CHECKED: ${audit.detail}`;
      failures.push('audit records = requests could not be checked: audit store not present');
    } else {
      const n = audit.records!;
      const ok = n >= answered && n <= sentToGateway;
      const outcomes = Object.entries(audit.byOutcome ?? {}).map(([outcome, count]) => `${outcome} ${count}`).join(', ');
      auditLine = `${n} audit records${outcomes ? ` (${outcomes})` : ''}; ${answered} requests answered, ${sentToGateway} sent (${sentToGateway - answered} cut off in flight when the load stopped)`;
      if (!ok) failures.push(`audit records (${n}) outside [answered ${answered}, sent ${sentToGateway}]`);
    }
    if (exit.code !== 0) failures.push(`the gateway did not exit cleanly on SIGTERM (${exit.signal ?? `code ${exit.code}`})`);

    const latency = summarize(load.latencies);
    const out: string[] = [''];
    out.push(`load test: ${options.duration} s at ${options.connections} connections, ${options.households} households, full gateway (policy + audit)`);
    out.push(`${load.completed} responses (${round(load.completed / load.durationS, 1)} req/s), p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
    out.push(`statuses: ${Object.entries(load.statusCounts).map(([code, n]) => `${code} ${n}`).join(', ')}; socket errors ${load.socketErrors}, timeouts ${load.timeouts}`, '');
    out.push(`${'kind'.padEnd(24)}${'responses'.padStart(10)}  ${'wrong'.padStart(6)}  statuses`);
    for (const m of MIX) {
      const t = tallies.get(m.kind)!;
      out.push(`${m.kind.padEnd(24)}${String(t.responses).padStart(10)}  ${String(t.wrong).padStart(6)}  ${Object.entries(t.statuses).map(([s, n]) => `${s}:${n}`).join(' ')}   (${m.expect ?? 'no errors'})`);
      for (const sample of t.samples) out.push(`    e.g. ${sample}`);
    }
    out.push('');
    out.push(
      `gateway RSS (MiB, every ${options['rss-interval']} s, ${rss.length} samples): first ${rssValues[0]}, last ${rssValues[rssValues.length - 1]}, max ${Math.max(...rssValues)}; ` +
        `slope over the second half ${round(slopePerMinute, 2)} MiB/min (growth ${round(growthOverHalf, 1)} MiB, allowed ${round(allowedGrowth, 1)})`,
    );
    out.push(`audit: ${auditLine}`);
    out.push(`gateway stopped in ${stopMs} ms (${exit.signal ?? `exit code ${exit.code}`})`, '');
    out.push('requirements:');
    out.push(`  ${fiveXx === 0 && load.socketErrors + load.timeouts === 0 ? 'met    ' : 'FAILED '} zero 5xx (and no socket errors or timeouts)`);
    out.push(`  ${wrong === 0 ? 'met    ' : 'FAILED '} every caller got the answer it should (view, redaction or refusal code)`);
    out.push(`  ${growthOverHalf <= allowedGrowth ? 'met    ' : 'FAILED '} memory flat`);
    out.push(`  ${audit.present ? (failures.some((f) => f.startsWith('audit')) ? 'FAILED ' : 'met    ') : 'NOT CHECKED'} audit records = requests`);
    const resultFile = path.join(ROOT, 'bench', 'results', 'loadtest.json');
    fs.mkdirSync(path.dirname(resultFile), { recursive: true });
    const results = {
      machine,
      parameters: options,
      responses: load.completed,
      sent: load.sent,
      rps: round(load.completed / load.durationS, 1),
      latencyMs: latency,
      statuses: load.statusCounts,
      socketErrors: load.socketErrors,
      timeouts: load.timeouts,
      kinds: Object.fromEntries(MIX.map((m) => [m.kind, { expect: m.expect ?? null, ...tallies.get(m.kind)! }])),
      precheckRequests,
      rss: { samples: rss, first: rssValues[0], last: rssValues[rssValues.length - 1], max: Math.max(...rssValues), secondHalfSlopeMiBPerMinute: round(slopePerMinute, 2), allowedGrowthMiB: round(allowedGrowth, 1) },
      audit: { ...audit, answered, sent: sentToGateway },
      gatewayStop: { ms: stopMs, ...exit },
      failures,
    };
    fs.writeFileSync(resultFile, `${JSON.stringify(results, null, 2)}\n`);
    out.push('', `written to ${path.relative(process.cwd(), resultFile)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  } catch (err) {
    if (run.interrupted) return;
    failures.push(`the load test itself failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  } finally {
    closeClientSockets();
    await run.finish();
  }
  if (failures.length > 0) {
    process.stderr.write(`loadtest: FAILED\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stderr.write('loadtest: all requirements met\n');
  process.exit(0);
}

void main();
