import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnGateway, type SpawnedGateway } from '../harness/spawnGateway';
import { seedAll } from '../../seed/seedAll';
import { startHostedSubgraph } from '../../subgraphs/loadAgencyDefinition';
import { loadRegistry, registryEntry } from '../../schema/SubgraphRegistry';

const startAgency = (name: string, options: Parameters<typeof startHostedSubgraph>[1]) => startHostedSubgraph(registryEntry(loadRegistry(), name), options);
import type { RunningSubgraph } from '../../subgraphs/kit/startSubgraph';
import { SUBGRAPHS } from '../harness/startSystem';
import { subgraphUrlVariable } from '../../gateway/config';
import { runScript } from '../audit/runScript';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { askTraced, maxSeq, newTrace, readTrail, recordCount, recordsFor } from '../harness/auditTrail';
import { writeComposedSupergraph } from '../harness/composedSupergraph';

/*
 * kill -9 of the gateway under concurrent load (issue 4, "Bad input and faults"): every
 * response a client received has its record, and the chain verifies. The gateway runs as
 * a real process (`node --import tsx gateway/main.ts`, so SIGKILL hits the process that
 * writes), configured only through its environment; the subgraphs run in this process
 * over a seeded temporary data directory.
 */

// Two gateway processes start in this test; on a busy machine that takes a while.
jest.setTimeout(180_000);

const IN_FLIGHT = 16;
const KILL_AFTER = 120; // responses received before the kill
const MAX_REQUESTS = 400;

let dataDir: string;
let file: string;
let env: NodeJS.ProcessEnv;
const subgraphs: RunningSubgraph[] = [];
const children: ChildProcess[] = [];

/** Starts `gateway/main.ts` as its own process on this test's environment. */
async function startGatewayProcess(): Promise<SpawnedGateway> {
  const gateway = await spawnGateway(env);
  children.push(gateway.child);
  return gateway;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-audit-crash-'));
  file = path.join(dataDir, 'audit.sqlite');
  seedAll({ dataDir, households: 5, seed: 1 });
  const supergraphPath = writeComposedSupergraph(dataDir);
  for (const agency of SUBGRAPHS) subgraphs.push(await startAgency(agency, { port: 0, dataDir }));
  env = { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', DATA_DIR: dataDir, SUPERGRAPH_PATH: supergraphPath };
  for (const [i, agency] of SUBGRAPHS.entries()) env[subgraphUrlVariable(agency)] = subgraphs[i]!.url;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(subgraphs.map((s) => s.close()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A mix that ends in every outcome: answered, redacted, refused, unauthenticated. */
const MIX: Array<[TestCaller | null, string]> = [
  [DEMO.regisseur, '{ household(id: "H-0001") { address { city } members { name } } }'],
  [DEMO.regisseur, '{ person(id: "P-0001") { debtCase { status creditors { name } } } }'],
  [DEMO.schuldhulp, '{ person(id: "P-0001") { name debtCase { totalDebt } } }'],
  [DEMO.otherRegisseur, '{ household(id: "H-0001") { address { city } } }'],
  [null, '{ household(id: "H-0001") { address { city } } }'],
];

interface LoadResult {
  /** trace id → HTTP status of every response a client received. */
  received: Map<string, number>;
  sent: number;
  failed: number;
  inFlightAtKill: number;
}

/** IN_FLIGHT clients, each sending one request after another; SIGKILL once KILL_AFTER responses are in. */
async function loadThenKill(gateway: SpawnedGateway): Promise<LoadResult> {
  const headers = await Promise.all(MIX.map(async ([caller]) => (caller ? await headersFor(caller) : { 'x-purpose': 'regie' })));
  const result: LoadResult = { received: new Map(), sent: 0, failed: 0, inFlightAtKill: 0 };
  let killed = false;
  const client = async (): Promise<void> => {
    while (!killed && result.sent < MAX_REQUESTS) {
      const n = result.sent;
      result.sent += 1;
      const trace = newTrace();
      try {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers[n % MIX.length], traceparent: trace.traceparent },
          body: JSON.stringify({ query: MIX[n % MIX.length]![1] }),
        });
        await response.arrayBuffer(); // received: the whole body arrived
        result.received.set(trace.traceId, response.status);
        if (!killed && result.received.size >= KILL_AFTER) {
          killed = true;
          result.inFlightAtKill = result.sent - result.received.size - result.failed;
          gateway.child.kill('SIGKILL');
        }
      } catch {
        result.failed += 1; // the connection died with the gateway
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, client));
  return result;
}

test('kill -9 under 16 concurrent clients: every received response has its record, the chain verifies, and a restarted gateway continues it', async () => {
  const gateway = await startGatewayProcess();
  const load = await loadThenKill(gateway);
  expect(await gateway.exited).toEqual({ code: null, signal: 'SIGKILL' });

  // The kill really came mid-load.
  expect(load.received.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(load.inFlightAtKill).toBeGreaterThan(0);
  expect(load.failed).toBeGreaterThan(0); // requests cut off by the kill
  const statuses = new Set(load.received.values());
  expect(statuses).toEqual(new Set([200, 401, 403]));

  // Every response a client received was recorded first: exactly one record each.
  const missing = [...load.received].filter(([traceId]) => recordsFor(file, traceId).length !== 1);
  expect(missing).toEqual([]);
  const answered = [...load.received].filter(([, status]) => status === 200).map(([traceId]) => traceId);
  expect(answered.length).toBeGreaterThan(KILL_AFTER / 3);
  for (const traceId of answered) expect(recordsFor(file, traceId)[0]!.outcome).toMatch(/^(OK|PARTIAL)$/);
  // At most the requests in flight at the kill were recorded without their response arriving.
  const count = recordCount(file);
  expect(count).toBeGreaterThanOrEqual(load.received.size);
  expect(count).toBeLessThanOrEqual(load.received.size + load.inFlightAtKill + IN_FLIGHT);
  expect(readTrail(file).map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));

  const cli = runScript('auditVerify.ts', ['--file', file]);
  expect(cli.status).toBe(0);
  expect(cli.stdout).toContain(`audit chain verified: ${count} records`);

  // Restart on the same file: ready, continues the chain, and the review says it verifies.
  const restarted = await startGatewayProcess();
  const after = await askTraced(restarted.url, DEMO.regisseur, MIX[0]![1]);
  expect(after.status).toBe(200);
  expect(recordsFor(file, after.traceId)[0]!.seq).toBe(count + 1);
  const chain = await askTraced(restarted.url, DEMO.privacy, '{ auditChain { verified records firstBrokenSeq } }');
  expect(chain.body.data).toEqual({ auditChain: { verified: true, records: count + 1, firstBrokenSeq: null } });
  expect(maxSeq(file)).toBe(count + 2);

  restarted.child.kill('SIGTERM');
  expect(await restarted.exited).toEqual({ code: 0, signal: null });
  expect(runScript('auditVerify.ts', ['--file', file]).status).toBe(0);
}, 240_000); // two gateway processes under tsx: slow to start on a loaded 2-core machine
