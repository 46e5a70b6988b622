import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { tempDir } from './auditFixtures';
import { PROJECT_ROOT, runScript } from './runScript';

let dir: string;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the appender until it has acknowledged `acks` records, then SIGKILLs it mid-flight. */
function appendThenKill(file: string, acks: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
    // SIGKILL of the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'appendUnderLoad.ts'), file, '64'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged = new Map<number, string>();
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [seq, traceId] = line.split(' ');
        acknowledged.set(Number(seq), traceId!);
      }
      if (!killed && acknowledged.size >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`appender ended on its own (${signal ?? _code}): ${stderr}`));
      else resolve(acknowledged);
    });
  });
}

test('kill -9 during concurrent appends loses no acknowledged record and the chain verifies', async () => {
  const file = path.join(dir, 'audit.sqlite');
  const acknowledged = await appendThenKill(file, 1500);
  expect(acknowledged.size).toBeGreaterThanOrEqual(1500);

  const store = new SqliteAuditStore({ file });
  try {
    const verification = await store.verifyChain();
    expect(verification).toMatchObject({ verified: true, firstBrokenSeq: null });
    // Every acknowledged seq is there, with the record that was acknowledged for it.
    const maxAcked = Math.max(...acknowledged.keys());
    expect(verification.lastSeq).toBeGreaterThanOrEqual(maxAcked);
    const stored = new Map<number, string>();
    let after: string | null = null;
    for (;;) {
      const page = await store.accessLog({}, 100, after);
      for (const edge of page.edges) stored.set(edge.node.seq, edge.node.traceId);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    for (const [seq, traceId] of acknowledged) expect(stored.get(seq)).toBe(traceId);
    // And the log takes new records after the crash, continuing the chain.
    expect(await store.isWritable()).toBe(true);
  } finally {
    await store.close();
  }
  expect(runScript('auditVerify.ts', ['--file', file]).status).toBe(0);
});
