import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { waitForHttp } from '../../scripts/supervisor/waitForHttp';
import { PROJECT_ROOT } from '../audit/runScript';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnedGateway {
  child: ChildProcess;
  url: string;
  origin: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/**
 * Starts `gateway/main.ts` as its own process (`node --import tsx`, so SIGKILL hits the
 * process that writes), configured only through `env`, and waits for /ready. Kill what
 * this returns in afterAll.
 */
export async function spawnGateway(env: NodeJS.ProcessEnv): Promise<SpawnedGateway> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'gateway', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const origin = `http://127.0.0.1:${port}`;
  try {
    // Generous: tsx compiles the gateway as it starts, slow on a busy 2-core machine; a crash still fails at once (gaveUp).
    await waitForHttp(`${origin}/ready`, { timeoutMs: 60_000, gaveUp: exited, what: 'the gateway process' });
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }
  return { child, url: `${origin}/graphql`, origin, exited, stderr: () => stderr };
}
