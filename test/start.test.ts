import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENCIES } from '../seed/world';
import { SUBGRAPHS } from './harness/startSystem';
import { freePortRange } from './harness/freePortRange';
import { graphqlRequest } from './harness/graphqlRequest';
import { DEMO, headersFor } from './harness/callers';

const ROOT = path.resolve(__dirname, '..');
const COMPONENTS = SUBGRAPHS.length + 1;
/** One line per component, then the apps' address. */
const LINES = COMPONENTS + 1;

interface Started {
  child: ChildProcess;
  /** `<name> <url>` lines from stdout. */
  lines: Map<string, string>;
  /** Anything else on stdout (there should be nothing). */
  stray: string[];
  /** Component pids, from the `start: <name> started (pid N)` lines on stderr. */
  pids: Map<string, number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whatever a failed test left running is killed, so no test leaves processes behind. */
const launched: Started[] = [];
afterEach(() => {
  for (const system of launched.splice(0)) {
    for (const pid of [system.child.pid, ...system.pids.values()]) if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

/** Runs `npm start`'s script (without npm in between) and waits for all component lines. */
async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = new Map<string, string>();
  const stray: string[] = [];
  const pids = new Map<string, number>();
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const started = { child, lines, stray, pids, exited };
  launched.push(started);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start printed ${lines.size} of ${LINES} lines in 60 s:\n${stderr}`)), 60_000);
    void exited.then(() => clearTimeout(timer));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const complete = stdout.split('\n');
      stdout = complete.pop() ?? '';
      for (const line of complete) {
        const match = /^(\w+) +(http:\/\/\S+)$/.exec(line);
        if (match) lines.set(match[1]!, match[2]!);
        else stray.push(line);
      }
      if (lines.size >= LINES) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const match of stderr.matchAll(/start: (\w+) started \(pid (\d+)\)/g)) pids.set(match[1]!, Number(match[2]));
    });
    void exited.then(({ code }) => reject(new Error(`start exited early (code ${code}):\n${stderr}`)));
  });
  return started;
}

jest.setTimeout(90_000);

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

  it('stops the rest and exits non-zero when a component dies', async () => {
    const system = await start(env);
    const pids = [...system.pids.values()];
    process.kill(system.pids.get('wonen')!, 'SIGKILL');
    expect((await system.exited).code).toBe(1);
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
