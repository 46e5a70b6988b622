import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { hostedSubgraphs, loadRegistry } from '../../schema/SubgraphRegistry';
import { subgraphUrlVariable } from '../../gateway/config';
import { writeSupergraph } from '../../schema/writeSupergraph';
import { seedInParallel } from '../../seed/seedInParallel';
import { generateWorld, type World } from '../../seed/world';
import { waitForHttp } from '../../scripts/supervisor/waitForHttp';
import { createCallerTokenSigner, GATEWAY_TOKEN_HEADER, signCallerToken } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import type { BenchChild, BenchRun } from './children';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 90_000;

/** Free loopback ports, distinct from each other (all held open until every one is known). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, () => resolve());
      });
      servers.push(server);
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export interface DataSet {
  dataDir: string;
  supergraphPath: string;
  world: World;
  households: number;
  seedMillis: number;
}

/** Seeds `households` into `<run dir>/<name>` and composes a supergraph there. */
export async function prepareData(run: BenchRun, name: string, households: number, seed = 1): Promise<DataSet> {
  const dataDir = path.join(run.dir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  // As `npm run seed` does it: one thread per core. The bench picks its load from the same world.
  const report = await seedInParallel({ dataDir, households, seed });
  const supergraphPath = await writeSupergraph(path.join(dataDir, 'supergraph.graphql'));
  return { dataDir, supergraphPath, world: generateWorld({ households, seed }), households, seedMillis: report.millis };
}

/** Every subgraph `npm start` runs: the registry's hosted ones. */
export const SUBGRAPHS: readonly string[] = hostedSubgraphs(loadRegistry()).map((s) => s.name);

export interface Subgraphs {
  children: Record<string, BenchChild>;
  urls: Record<string, string>;
  /** `GET /stats`: `{requests, sqlStatements}` since the subgraph started. */
  statsUrls: Record<string, string>;
  /** Where the gateway's development signing key lives (`/stats` needs a gateway token). */
  dataDir: string;
}

/** Environment every child gets: ours, development mode, Apollo's phone-home off. */
function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'development', APOLLO_TELEMETRY_DISABLED: 'true', HOST, ...extra };
}

/** Every subgraph `npm start` runs (the six agencies and `audit`), on free ports. */
export async function startSubgraphs(run: BenchRun, data: DataSet, tag: string, profileDir?: string): Promise<Subgraphs> {
  const ports = await freePorts(SUBGRAPHS.length);
  const children = {} as Subgraphs['children'];
  const urls = {} as Subgraphs['urls'];
  const statsUrls = {} as Subgraphs['statsUrls'];
  SUBGRAPHS.forEach((agency, index) => {
    const base = `http://${HOST}:${ports[index]}`;
    children[agency] = run.spawn({
      name: `${tag}-${agency}`,
      nodeArgs: cpuProfileArgs(profileDir, `${tag}-${agency}`),
      script: 'subgraphs/main.ts',
      args: [agency],
      env: childEnv({ PORT: String(ports[index]), DATA_DIR: data.dataDir }),
    });
    urls[agency] = `${base}/graphql`;
    statsUrls[agency] = `${base}/stats`;
  });
  await Promise.all(
    SUBGRAPHS.map((agency) =>
      waitForHttp(statsUrls[agency].replace(/\/stats$/, '/health'), { timeoutMs: STARTUP_TIMEOUT_MS, gaveUp: children[agency].exited, what: `${tag}-${agency}` }),
    ),
  );
  return { children, urls, statsUrls, dataDir: data.dataDir };
}

/** The contestants: Apollo's gateway with its defaults, this product, The Guild's Hive Gateway. */
export type GatewayKind = 'bare' | 'full' | 'hive';
export const GATEWAY_KINDS: readonly GatewayKind[] = ['bare', 'full', 'hive'];

export interface Gateway {
  kind: GatewayKind;
  name: string;
  child: BenchChild;
  url: string;
  port: number;
  dataDir: string;
}

function subgraphEnv(subgraphs: Subgraphs): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const agency of SUBGRAPHS) env[subgraphUrlVariable(agency)] = subgraphs.urls[agency];
  return env;
}

/** `--cpu-prof` into `dir` as `<name>.cpuprofile`, written when the process exits. */
export function cpuProfileArgs(dir: string | undefined, name: string): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

/** Our gateway (`gateway/main.ts`), development mode, default settings: policy and audit on. */
export async function startFullGateway(
  run: BenchRun,
  data: DataSet,
  subgraphs: Subgraphs,
  name = 'full',
  profileDir?: string,
  extraEnv: Record<string, string> = {},
): Promise<Gateway> {
  const [port] = await freePorts(1);
  const child = run.spawn({
    name,
    nodeArgs: cpuProfileArgs(profileDir, name),
    script: 'gateway/main.ts',
    env: childEnv({ ...subgraphEnv(subgraphs), PORT: String(port), DATA_DIR: data.dataDir, SUPERGRAPH_PATH: data.supergraphPath, ...extraEnv }),
  });
  await waitForHttp(`http://${HOST}:${port}/ready`, { timeoutMs: STARTUP_TIMEOUT_MS, gaveUp: child.exited, what: name });
  return { kind: 'full', name, child, url: `http://${HOST}:${port}/graphql`, port: port!, dataDir: data.dataDir };
}

/** Apollo's gateway with Apollo's defaults (bench/bareGateway.ts). */
export async function startBareGateway(run: BenchRun, data: DataSet, subgraphs: Subgraphs, name = 'bare', profileDir?: string): Promise<Gateway> {
  const [port] = await freePorts(1);
  const child = run.spawn({
    name,
    nodeArgs: cpuProfileArgs(profileDir, name),
    script: 'bench/bareGateway.ts',
    env: childEnv({ ...subgraphEnv(subgraphs), PORT: String(port), DATA_DIR: data.dataDir, SUPERGRAPH_PATH: data.supergraphPath }),
  });
  const url = `http://${HOST}:${port}/graphql`;
  await waitForGraphQL(url, child, name);
  return { kind: 'bare', name, child, url, port: port!, dataDir: data.dataDir };
}

/** Hive Gateway with its defaults (bench/hive/hiveGateway.ts). */
export async function startHiveGateway(run: BenchRun, data: DataSet, subgraphs: Subgraphs, name = 'hive', profileDir?: string): Promise<Gateway> {
  const [port] = await freePorts(1);
  const child = run.spawn({
    name,
    nodeArgs: cpuProfileArgs(profileDir, name),
    script: 'bench/hive/hiveGateway.ts',
    env: childEnv({ ...subgraphEnv(subgraphs), PORT: String(port), DATA_DIR: data.dataDir, SUPERGRAPH_PATH: data.supergraphPath }),
  });
  const url = `http://${HOST}:${port}/graphql`;
  await waitForGraphQL(url, child, name);
  return { kind: 'hive', name, child, url, port: port!, dataDir: data.dataDir };
}

/** Apollo's standalone server has no health route: poll with `{ __typename }` until it answers 200. */
async function waitForGraphQL(url: string, child: BenchChild, what: string): Promise<void> {
  let dead = false;
  void child.exited.then(() => (dead = true));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (dead) throw new Error(`${what} exited before ${url} answered`);
    const answer = await postJson(url, { query: '{ __typename }' }, {}).catch(() => undefined);
    if (answer?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${STARTUP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** A POST with a JSON body over a keep-alive agent; resolves with status and raw body text. */
export function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 10 s`)));
    request.on('error', reject);
    request.end(payload);
  });
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  return JSON.parse((await getText(url, headers)).text) as T;
}

/** A GET over the keep-alive agent; resolves with status and body text. */
export function getText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, timeout: 5000, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 5 s`)));
    request.on('error', reject);
  });
}

export interface SubgraphCounters {
  requests: number;
  sqlStatements: number;
}

/** The bench's own caller for `GET /stats`, which subgraphs answer only with a gateway token. */
const STATS_CALLER = { sub: 'bench-stats', org: 'bench', role: 'bench', purpose: 'bench' };

/** Sums `GET /stats` over all subgraphs (each asked with a token signed by the gateway's key). */
export async function subgraphCounters(subgraphs: Subgraphs): Promise<SubgraphCounters> {
  const signer = createCallerTokenSigner(await loadOrCreateGatewayKeys(subgraphs.dataDir));
  const all = await Promise.all(
    SUBGRAPHS.map(async (agency) =>
      getJson<SubgraphCounters>(subgraphs.statsUrls[agency], { [GATEWAY_TOKEN_HEADER]: await signCallerToken({ ...STATS_CALLER, agency }, signer) }),
    ),
  );
  return all.reduce((sum, stats) => ({ requests: sum.requests + stats.requests, sqlStatements: sum.sqlStatements + stats.sqlStatements }), { requests: 0, sqlStatements: 0 });
}

/** Lets the http agent's idle sockets go, so the process can exit. */
export function closeClientSockets(): void {
  agent.destroy();
}
