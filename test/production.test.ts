import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { seedAll } from '../seed/seedAll';
import { waitForHttp } from '../scripts/supervisor/waitForHttp';
import { writeComposedSupergraph } from './harness/composedSupergraph';
import { freePortRange } from './harness/freePortRange';
import { graphqlRequest } from './harness/graphqlRequest';
import { DEMO, headersFor } from './harness/callers';
import { SUBGRAPHS } from './harness/startSystem';
import { commandLine, eventually, killLaunchedRunners, PROJECT, startRunner } from './harness/startRunner';
import { newTrace } from './harness/auditTrail';

/*
 * The compiled production run (issue 11, item 4): `npm run build` into a folder of its
 * own (under node_modules/.cache, so the compiled code finds the packages and no other
 * test's build is touched), then the compiled gateway, subgraph and runner under plain
 * node, with no TypeScript loader in any process.
 */

// Compiling the whole project and starting eight processes on a loaded 2-core machine.
jest.setTimeout(300_000);

const outDir = path.join(PROJECT, 'node_modules', '.cache', `build-test-${process.pid}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-prod-'));
const children: ChildProcess[] = [];

/** No TypeScript anywhere in how the process was started: plain node on a .js file from the build. */
function expectCompiled(pid: number): void {
  const args = commandLine(pid);
  expect(args).toBeDefined();
  expect(args!.join(' ')).not.toMatch(/tsx|ts-node|\.ts\b/);
  expect(args![1]!.startsWith(outDir)).toBe(true);
  expect(args![1]!.endsWith('.js')).toBe(true);
  expect(fs.readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toMatch(/NODE_OPTIONS=[^\0]*tsx/);
}

/** A stand-in OpenTelemetry collector: keeps the bodies POSTed to /v1/traces (OTLP/HTTP JSON). */
async function startCollector(): Promise<{ url: string; bodies: string[]; close(): void }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => server.close() };
}

function spawnCompiled(entry: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<unknown>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(outDir, entry), ...args], { cwd: os.tmpdir(), env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: new Promise((resolve) => child.once('exit', resolve)), stderr: () => stderr };
}

beforeAll(() => {
  // The build itself, as `npm run build` runs it (the apps are built by jest's globalSetup).
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out-dir', outDir, '--skip-web'], { cwd: PROJECT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  seedAll({ dataDir, households: 20, seed: 5 });
});

afterEach(killLaunchedRunners);

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('builds JavaScript for every entry point, and names the project it reads its files from', () => {
  for (const entry of ['gateway/main.js', 'subgraphs/main.js', 'scripts/start.js', 'subgraphs/gemeente/index.js', 'audit/SqliteAuditStore.js']) expect(fs.existsSync(path.join(outDir, entry))).toBe(true);
  const info = JSON.parse(fs.readFileSync(path.join(outDir, 'build-info.json'), 'utf8')) as { projectRoot: string };
  expect(path.resolve(outDir, info.projectRoot)).toBe(PROJECT);
  // No tests, no bench in the production build.
  expect(fs.existsSync(path.join(outDir, 'test'))).toBe(false);
  expect(fs.existsSync(path.join(outDir, 'bench'))).toBe(false);
});

it('runs a compiled subgraph and the compiled gateway under plain node, started from another folder, with metrics and traces', async () => {
  const base = await freePortRange(4);
  const collector = await startCollector();
  const telemetry = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
  const subgraphEnv = { PORT: String(base + 1), DATA_DIR: dataDir, METRICS_PORT: String(base + 3), ...telemetry };
  const gemeente = spawnCompiled('subgraphs/main.js', ['gemeente'], subgraphEnv);
  await waitForHttp(`http://127.0.0.1:${base + 1}/health`, { timeoutMs: 60_000, gaveUp: gemeente.exited, what: 'the compiled gemeente subgraph' }).catch((err: Error) => {
    throw new Error(`${err.message}\n${gemeente.stderr()}`);
  });
  const supergraph = writeComposedSupergraph(dataDir);
  const gateway = spawnCompiled('gateway/main.js', [], {
    PORT: String(base),
    DATA_DIR: dataDir,
    SUPERGRAPH_PATH: supergraph,
    SUBGRAPH_GEMEENTE_URL: `http://127.0.0.1:${base + 1}/graphql`,
    METRICS_PORT: String(base + 2),
    ...telemetry,
  });
  await waitForHttp(`http://127.0.0.1:${base}/ready`, { timeoutMs: 60_000, gaveUp: gateway.exited, what: 'the compiled gateway' }).catch((err: Error) => {
    throw new Error(`${err.message}\n${gateway.stderr()}`);
  });
  expectCompiled(gemeente.child.pid!);
  expectCompiled(gateway.child.pid!);

  // The gateway found the policy, the audit migrations and the apps in the project, the subgraph its schema and migrations.
  const trace = newTrace();
  const { body } = await graphqlRequest(`http://127.0.0.1:${base}/graphql`, 'query Jansen_P0001 { household(id: "H-0001") { id address { city } } }', {
    headers: { ...(await headersFor(DEMO.regisseur)), traceparent: trace.traceparent },
  });
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ household: { id: 'H-0001', address: { city: expect.any(String) } } });
  const app = await fetch(`http://127.0.0.1:${base}/`);
  expect(app.status).toBe(200);
  expect(await app.text()).toContain('<div id="app">');
  expect(fs.existsSync(path.join(dataDir, 'audit.sqlite'))).toBe(true);

  // METRICS_PORT: metrics on their own listener, not on the public port.
  const metrics = await (await fetch(`http://127.0.0.1:${base + 2}/metrics`)).text();
  expect(metrics).toMatch(/^gateway_requests_total\{outcome="ok",purpose="regie"\} 1$/m);
  expect(await (await fetch(`http://127.0.0.1:${base + 3}/metrics`)).text()).toMatch(/^subgraph_requests_total\{outcome="ok",purpose="regie",agency="gemeente"\} 1$/m);
  expect((await fetch(`http://127.0.0.1:${base}/metrics`)).headers.get('content-type')).not.toMatch(/^text\/plain/);

  // OTEL_EXPORTER_OTLP_ENDPOINT: both processes export their spans of this trace on shutdown, and nothing personal.
  gateway.child.kill('SIGTERM');
  gemeente.child.kill('SIGTERM');
  await Promise.all([gateway.exited, gemeente.exited]);
  await eventually(() => collector.bodies.filter((b) => b.includes(trace.traceId)).length >= 2, 'spans of the trace from the gateway and the subgraph', 15_000);
  const exported = collector.bodies.join('\n');
  expect(exported).toContain('huishoudview-gateway');
  expect(exported).toContain('huishoudview-subgraph-gemeente');
  expect(exported).not.toMatch(/Jansen|H-0001|u-regisseur-1/);
  collector.close();
});

it('npm run start:prod runs every component compiled', async () => {
  const base = await freePortRange(SUBGRAPHS.length + 1);
  const system = await startRunner([path.join(outDir, 'scripts', 'start.js')], {
    DATA_DIR: dataDir,
    PORT: String(base),
    SUBGRAPH_PORT_BASE: String(base + 1),
    SUPERGRAPH_PATH: path.join(dataDir, 'supergraph-prod.graphql'),
    STOP_GRACE_MS: '3000',
  });
  expect([...system.lines.keys()]).toEqual([...SUBGRAPHS, 'gateway', 'app']);
  expectCompiled(system.child.pid!);
  for (const pid of system.pids.values()) expectCompiled(pid);
  const { body } = await graphqlRequest(system.lines.get('gateway')!, '{ household(id: "H-0001") { id tenancy { status } } }', { headers: await headersFor(DEMO.regisseur) });
  expect(body.errors).toBeUndefined();
  system.child.kill('SIGTERM');
  expect(await system.exited).toEqual({ code: 0, signal: null });
});
