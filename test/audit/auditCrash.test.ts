import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, runScript } from './runScript';
import { STORES } from './storesUnderTest';

/** Runs the appender until it has acknowledged `acks` records, then SIGKILLs it mid-flight. */
function appendThenKill(target: string, acks: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
    // SIGKILL of the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'appendUnderLoad.ts'), target, '64'], {
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

// The same crash against every store (SQLite; PostgreSQL when TEST_DATABASE_URL is set).
describe.each(STORES)('$kind store', (stores) => {
  afterEach(async () => {
    await stores.cleanup();
  });

  test('kill -9 during concurrent appends loses no acknowledged record and the chain verifies', async () => {
    const where = await stores.where();
    const acknowledged = await appendThenKill('file' in where ? where.file : where.databaseUrl, 1500);
    expect(acknowledged.size).toBeGreaterThanOrEqual(1500);

    const store = await stores.open();
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
    const { args, env } = await stores.script();
    expect(runScript('auditVerify.ts', args, env).status).toBe(0);
  });
});
