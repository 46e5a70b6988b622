import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AGENCIES } from '../seed/world';
import { SUBGRAPHS } from './harness/startSystem';
import { freePortRange } from './harness/freePortRange';
import { graphqlRequest } from './harness/graphqlRequest';
import { DEMO, headersFor } from './harness/callers';
import { COMPONENTS, eventually, isAlive, killLaunchedRunners, runnerEvents, startRunner } from './harness/startRunner';

afterEach(killLaunchedRunners);

const start = (env: NodeJS.ProcessEnv) => startRunner(['--import', 'tsx', 'scripts/start.ts'], env);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// Eight processes start per test, each compiling TypeScript as it loads: slow on a loaded 2-core machine.
jest.setTimeout(240_000);

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-start-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const base = await freePortRange(COMPONENTS);
    env = {
      DATA_DIR: dataDir,
      PORT: String(base),
      SUBGRAPH_PORT_BASE: String(base + 1),
      SUPERGRAPH_PATH: path.join(dataDir, 'supergraph.graphql'),
      STOP_GRACE_MS: '3000',
    };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seeds, composes, starts every component, answers, and stops them all on SIGTERM', async () => {
    const system = await start(env);
    expect([...system.lines.keys()]).toEqual([...SUBGRAPHS, 'gateway', 'app']);
    expect(system.stray).toEqual([]);
    expect(system.lines.get('gateway')).toBe(`http://127.0.0.1:${env.PORT}/graphql`);
    expect(system.lines.get('app')).toBe(`http://127.0.0.1:${env.PORT}/`);
    const app = await fetch(system.lines.get('app')!);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<div id="app">');
    expect(system.lines.get('gemeente')).toBe(`http://127.0.0.1:${env.SUBGRAPH_PORT_BASE}/graphql`);
    for (const agency of AGENCIES) expect(fs.existsSync(path.join(dataDir, `${agency}.sqlite`))).toBe(true);

    const { body } = await graphqlRequest(system.lines.get('gateway')!, '{ household(id: "H-0001") { id tenancy { status } } }', {
      headers: await headersFor(DEMO.regisseur),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ household: { id: 'H-0001', tenancy: { status: expect.any(String) } } });

    const pids = [...system.pids.values()];
    expect(pids).toHaveLength(COMPONENTS);
    system.child.kill('SIGTERM');
    expect(await system.exited).toEqual({ code: 0, signal: null });
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('restarts a component that dies (AGENCY_UNAVAILABLE meanwhile); after SIGKILL of the runner no component keeps running', async () => {
    // A long first back-off, so the gateway is asked while wonen is surely down; the runner's JSON log at info.
    const system = await start({ ...env, RESTART_BACKOFF_MS: '4000', LOG_LEVEL: 'info' });
    const gateway = system.lines.get('gateway')!;
    const headers = await headersFor(DEMO.regisseur);
    const view = '{ household(id: "H-0001") { id tenancy { status } } }';
    const killed = system.pids.get('wonen')!;
    process.kill(killed, 'SIGKILL');
    await eventually(() => runnerEvents(system, 'component-exited').length > 0, 'the runner logs the exit');

    const down = await graphqlRequest(gateway, view, { headers });
    expect((down.body.data as { household: { id: string } }).household.id).toBe('H-0001');
    expect(down.body.errors?.map((e) => [e.extensions?.code, e.extensions?.agency])).toEqual([['AGENCY_UNAVAILABLE', 'wonen']]);

    await eventually(() => runnerEvents(system, 'component-restarted').length > 0, 'the runner restarts wonen');
    const [exitedEvent] = runnerEvents(system, 'component-exited');
    expect(exitedEvent).toMatchObject({ component: 'start', child: 'wonen', childPid: killed, signal: 'SIGKILL', attempt: 1, restartInMs: 4000, level: 40 });
    const [restartedEvent] = runnerEvents(system, 'component-restarted');
    expect(restartedEvent).toMatchObject({ child: 'wonen', attempt: 1 });
    const restarted = restartedEvent!.childPid as number;
    expect(restarted).not.toBe(killed);
    await eventually(async () => (await graphqlRequest(gateway, view, { headers })).body.errors === undefined, 'the view is whole again');
    expect(isAlive(system.child.pid!)).toBe(true);

    // The runner itself killed: it cannot stop anyone, so each component must notice and exit.
    const pids = [...system.pids.values()].filter((pid) => pid !== killed).concat(restarted);
    expect(pids.filter(isAlive)).toHaveLength(COMPONENTS);
    system.child.kill('SIGKILL');
    await eventually(() => pids.filter(isAlive).length === 0, 'every component exits after its runner');
    const ports = [Number(env.PORT), ...SUBGRAPHS.map((_, i) => Number(env.SUBGRAPH_PORT_BASE) + i)];
    for (const port of ports) expect(await canListen(port)).toBe(true);
  });
});
