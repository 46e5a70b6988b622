import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedAll } from '../../seed/seedAll';
import { startHostedSubgraph } from '../../subgraphs/loadAgencyDefinition';
import { loadRegistry, registryEntry } from '../../schema/SubgraphRegistry';
import type { RunningSubgraph } from '../../subgraphs/kit/startSubgraph';
import { subgraphUrlVariable } from '../../gateway/config';
import { SUBGRAPHS } from '../harness/startSystem';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { askTraced, newTrace } from '../harness/auditTrail';
import { writeComposedSupergraph } from '../harness/composedSupergraph';
import { adminPool, closeAdminPool, createTestSchema, describePostgres, type TestSchema } from '../harness/postgresTestDatabase';
import { spawnGateway, type SpawnedGateway } from '../harness/spawnGateway';
import { startTcpProxy, type TcpProxy } from '../harness/tcpProxy';
import { runScript } from '../audit/runScript';

/*
 * Issue 11, item 2: two gateway processes on ONE PostgreSQL audit trail under mixed load.
 * Records = requests answered by both; one chain that verifies; both instances in the
 * access log; `kill -9` of one instance loses no acknowledged record; PostgreSQL taken
 * away mid-load (through a TCP proxy: the machine's server is shared and never stopped)
 * → AUDIT_UNAVAILABLE, no data, /ready 503, and back by itself, chain intact.
 *
 * The steady phase lasts TWO_INSTANCES_LOAD_MS (default 20 s in `npm test`; the issue's
 * full run is TWO_INSTANCES_LOAD_MS=60000).
 */

const LOAD_MS = Number(process.env.TWO_INSTANCES_LOAD_MS ?? 20_000);
const IN_FLIGHT_PER_GATEWAY = 6;
jest.setTimeout(240_000 + 2 * LOAD_MS);

const startAgency = (name: string, options: Parameters<typeof startHostedSubgraph>[1]) => startHostedSubgraph(registryEntry(loadRegistry(), name), options);

/** A mix that ends in every outcome: answered, redacted, refused, unauthenticated. */
const MIX: Array<[TestCaller | null, string]> = [
  [DEMO.regisseur, '{ household(id: "H-0001") { address { city } members { name } } }'],
  [DEMO.regisseur, '{ person(id: "P-0001") { debtCase { status creditors { name } } } }'],
  [DEMO.schuldhulp, '{ person(id: "P-0001") { name debtCase { totalDebt } } }'],
  [DEMO.otherRegisseur, '{ household(id: "H-0001") { address { city } } }'],
  [null, '{ household(id: "H-0001") { address { city } } }'],
];

interface Answer {
  traceId: string;
  gateway: string;
  status: number;
  code: string | null;
  hasData: boolean;
  at: number;
}

let schema: TestSchema;
let proxy: TcpProxy;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const subgraphs: RunningSubgraph[] = [];
const gateways: SpawnedGateway[] = [];
let headers: Array<Record<string, string>>;
const previousAuditUrl = process.env.AUDIT_DATABASE_URL;

async function startGateway(): Promise<SpawnedGateway> {
  const gateway = await spawnGateway(env);
  gateways.push(gateway);
  return gateway;
}

/** IN_FLIGHT_PER_GATEWAY clients per gateway, one request after another, until `stop()` says so. */
async function load(targets: SpawnedGateway[], stop: (answers: Answer[]) => boolean, onAnswer: (answer: Answer, answers: Answer[]) => void = () => undefined): Promise<{ answers: Answer[]; failed: number }> {
  const answers: Answer[] = [];
  let failed = 0;
  let n = 0;
  const client = async (gateway: SpawnedGateway): Promise<void> => {
    while (!stop(answers)) {
      if (gateway.child.exitCode !== null || gateway.child.signalCode !== null) return;
      const i = n++;
      const trace = newTrace();
      try {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers[i % MIX.length], traceparent: trace.traceparent },
          body: JSON.stringify({ query: MIX[i % MIX.length]![1] }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
        const answer: Answer = {
          traceId: trace.traceId,
          gateway: gateway.origin,
          status: response.status,
          code: body.errors?.[0]?.extensions?.code ?? null,
          hasData: body.data !== undefined && body.data !== null,
          at: Date.now(),
        };
        answers.push(answer);
        onAnswer(answer, answers);
      } catch {
        failed += 1; // the connection died with a killed gateway
      }
    }
  };
  await Promise.all(targets.flatMap((gateway) => Array.from({ length: IN_FLIGHT_PER_GATEWAY }, () => client(gateway))));
  return { answers, failed };
}

/** trace id → the records the trail holds for it. */
async function recordsByTrace(): Promise<Map<string, Array<{ seq: number; outcome: string; gateway_instance: string }>>> {
  const result = await adminPool().query<{ trace_id: string; seq: number; outcome: string; gateway_instance: string }>(
    `SELECT trace_id, seq::int AS seq, outcome, gateway_instance FROM ${schema.schema}.audit_records WHERE kind = 'access' ORDER BY seq`,
  );
  const map = new Map<string, Array<{ seq: number; outcome: string; gateway_instance: string }>>();
  for (const row of result.rows) map.set(row.trace_id, [...(map.get(row.trace_id) ?? []), row]);
  return map;
}

async function seqs(): Promise<number[]> {
  const result = await adminPool().query<{ seq: number }>(`SELECT seq::int AS seq FROM ${schema.schema}.audit_records ORDER BY seq`);
  return result.rows.map((r) => r.seq);
}

function verifyCli(): { status: number | null; stdout: string } {
  return runScript('auditVerify.ts', [], { AUDIT_DATABASE_URL: schema.url });
}

async function readiness(gateway: SpawnedGateway): Promise<number> {
  return (await fetch(`${gateway.origin}/ready`)).status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describePostgres('two gateway instances on one PostgreSQL audit trail', () => {
  beforeAll(async () => {
    schema = await createTestSchema();
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-audit-two-'));
    seedAll({ dataDir, households: 5, seed: 1 });
    const supergraphPath = writeComposedSupergraph(dataDir);
    // The review subgraph reads the same trail, straight from PostgreSQL (not through the proxy).
    process.env.AUDIT_DATABASE_URL = schema.url;
    for (const agency of SUBGRAPHS) subgraphs.push(await startAgency(agency, { port: 0, dataDir }));
    const throughProxy = new URL(schema.url);
    throughProxy.port = String(proxy.port);
    env = { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', DATA_DIR: dataDir, SUPERGRAPH_PATH: supergraphPath, AUDIT_DATABASE_URL: throughProxy.toString() };
    for (const [i, agency] of SUBGRAPHS.entries()) env[subgraphUrlVariable(agency)] = subgraphs[i]!.url;
    headers = await Promise.all(MIX.map(async ([caller]) => (caller ? await headersFor(caller) : { 'x-purpose': 'regie' })));
    await Promise.all([startGateway(), startGateway()]);
  });

  afterAll(async () => {
    for (const gateway of gateways) if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGKILL');
    await Promise.all(subgraphs.map((s) => s.close()));
    await proxy?.close();
    await schema?.drop();
    await closeAdminPool();
    if (previousAuditUrl === undefined) delete process.env.AUDIT_DATABASE_URL;
    else process.env.AUDIT_DATABASE_URL = previousAuditUrl;
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test(`mixed load on both for ${LOAD_MS / 1000} s: one record per answered request, one verifying chain, both instances in the access log`, async () => {
    const [a, b] = gateways as [SpawnedGateway, SpawnedGateway];
    const end = Date.now() + LOAD_MS;
    const { answers, failed } = await load([a, b], () => Date.now() >= end);
    expect(failed).toBe(0);
    expect(new Set(answers.map((x) => x.status))).toEqual(new Set([200, 401, 403]));
    expect(new Set(answers.map((x) => x.gateway))).toEqual(new Set([a.origin, b.origin]));

    const records = await recordsByTrace();
    expect(answers.filter((x) => records.get(x.traceId)?.length !== 1)).toEqual([]);
    expect(records.size).toBe(answers.length); // and nothing else
    const all = await seqs();
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const instances = new Set([...records.values()].map((r) => r[0]!.gateway_instance));
    expect(instances.size).toBe(2);

    const cli = verifyCli();
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`audit chain verified: ${all.length} records`);
    // The privacy officer sees both instances through either gateway, and one intact chain.
    const review = await askTraced(b.url, DEMO.privacy, '{ accessLog(first: 100) { edges { node { gatewayInstance } } } auditChain { verified records } }');
    expect(review.status).toBe(200);
    const data = review.body.data as { accessLog: { edges: Array<{ node: { gatewayInstance: string } }> }; auditChain: { verified: boolean; records: number } };
    expect(new Set(data.accessLog.edges.map((e) => e.node.gatewayInstance))).toEqual(instances);
    expect(data.auditChain).toEqual({ verified: true, records: all.length });
  });

  test('kill -9 of one instance mid-load: every response either instance sent has its record; the other goes on; the chain verifies', async () => {
    const [a, b] = gateways as [SpawnedGateway, SpawnedGateway];
    const before = (await seqs()).length;
    let killedAt: number | null = null;
    let inFlightAtKill = 0;
    let sent = 0;
    const { answers, failed } = await load(
      [a, b],
      () => killedAt !== null && Date.now() - killedAt > 3000,
      (answer, all) => {
        sent = all.length;
        if (killedAt === null && all.filter((x) => x.gateway === a.origin).length >= 80) {
          killedAt = Date.now();
          inFlightAtKill = IN_FLIGHT_PER_GATEWAY;
          a.child.kill('SIGKILL');
        }
        void answer;
      },
    );
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(killedAt).not.toBeNull();
    expect(failed).toBeGreaterThan(0); // requests cut off by the kill
    expect(answers.filter((x) => x.gateway === b.origin && x.at > killedAt!).length).toBeGreaterThan(0); // B served on

    const records = await recordsByTrace();
    // Every response a client received (from either instance) was recorded before it left.
    expect(answers.filter((x) => records.get(x.traceId)?.length !== 1)).toEqual([]);
    const all = await seqs();
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    // At most the requests in flight at the kill were recorded without their response arriving.
    expect(all.length - before).toBeGreaterThanOrEqual(sent);
    expect(all.length - before).toBeLessThanOrEqual(sent + inFlightAtKill + IN_FLIGHT_PER_GATEWAY);
    expect(verifyCli().status).toBe(0);

    // A restarted instance joins the same chain.
    const restarted = await startGateway();
    const after = await askTraced(restarted.url, DEMO.regisseur, MIX[0]![1]);
    expect(after.status).toBe(200);
    expect((await recordsByTrace()).get(after.traceId)![0]!.seq).toBe(all.length + 1);
  });

  test('PostgreSQL unavailable mid-load: AUDIT_UNAVAILABLE and no data, /ready 503 on both, then both recover by themselves with the chain intact', async () => {
    const live = gateways.filter((g) => g.child.exitCode === null && g.child.signalCode === null);
    expect(live).toHaveLength(2);
    let phase: 'before' | 'cut' | 'restored' = 'before';
    const phaseOf = new Map<string, string>();
    let recoveredAt: number | null = null;
    const run = load(live, () => recoveredAt !== null && Date.now() - recoveredAt > 2000, (answer) => phaseOf.set(answer.traceId, phase));

    await sleep(1500);
    phase = 'cut';
    await proxy.cut();
    await sleep(4000);
    const readyDuringCut = await Promise.all(live.map(readiness));
    await proxy.restore();
    phase = 'restored';
    for (let i = 0; i < 100; i += 1) {
      if ((await Promise.all(live.map(readiness))).every((s) => s === 200)) break;
      await sleep(100);
    }
    recoveredAt = Date.now();
    const { answers, failed } = await run;
    expect(failed).toBe(0);
    expect(readyDuringCut).toEqual([503, 503]);

    const during = answers.filter((x) => phaseOf.get(x.traceId) === 'cut');
    const unavailable = during.filter((x) => x.code === 'AUDIT_UNAVAILABLE');
    expect(unavailable.length).toBeGreaterThan(0);
    for (const x of unavailable) expect(x).toMatchObject({ status: 503, hasData: false });
    // Fail closed: nothing answered with data while the trail could not take its record…
    const records = await recordsByTrace();
    expect(answers.filter((x) => x.hasData && records.get(x.traceId)?.length !== 1)).toEqual([]);
    // …and every answer that is not AUDIT_UNAVAILABLE has exactly one record.
    expect(answers.filter((x) => x.code !== 'AUDIT_UNAVAILABLE' && records.get(x.traceId)?.length !== 1)).toEqual([]);
    // (A batch whose COMMIT reached the server just as the connection was cut may be recorded
    // although its caller got AUDIT_UNAVAILABLE: an extra record, never data without one.)
    // Both recovered and answer with data again.
    const later = answers.filter((x) => x.at > recoveredAt!);
    expect(new Set(later.filter((x) => x.status === 200 && x.hasData).map((x) => x.gateway))).toEqual(new Set(live.map((g) => g.origin)));

    const all = await seqs();
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const cli = verifyCli();
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`audit chain verified: ${all.length} records`);
  });
});
