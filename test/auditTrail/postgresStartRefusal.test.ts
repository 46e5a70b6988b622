import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../audit/runScript';
import { writeComposedSupergraph } from '../harness/composedSupergraph';
import { adminPool, closeAdminPool, createTestRole, createTestSchema, describePostgres, urlForSchema, type TestSchema } from '../harness/postgresTestDatabase';
import { freePort } from '../harness/spawnGateway';
import { migratePostgresAudit } from '../../audit/postgres/migratePostgresAudit';
import { createPostgresPool } from '../../audit/postgres/postgresPool';

/*
 * Issue 11, "Bad input": `gateway/main.ts` with a wrong AUDIT_DATABASE_URL refuses to
 * start — exit 1, one line on stderr naming the setting and the fix — and never falls
 * back to SQLite (no audit.sqlite appears). The store-level refusals are each tested in
 * test/audit/postgresAuditStore.test.ts; this is the gateway process itself.
 */

jest.setTimeout(120_000);

let dataDir: string;
let supergraphPath: string;
let schema: TestSchema;
const drops: Array<() => Promise<void>> = [];

async function startGatewayWith(auditDatabaseUrl: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'gateway', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(await freePort()), DATA_DIR: dataDir, SUPERGRAPH_PATH: supergraphPath, AUDIT_DATABASE_URL: auditDatabaseUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000); // it must refuse, not serve
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stderr };
}

describePostgres('the gateway refuses to start on a wrong AUDIT_DATABASE_URL', () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-audit-refusal-'));
    supergraphPath = writeComposedSupergraph(dataDir);
    schema = await createTestSchema();
    const pool = createPostgresPool(schema.url, { poolSize: 1, connectTimeoutMs: 5000, queryTimeoutMs: 30_000 });
    await migratePostgresAudit(pool);
    await pool.end();
  });

  afterAll(async () => {
    for (const drop of drops) await drop();
    await schema?.drop();
    await closeAdminPool();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test.each<[string, () => Promise<string>, RegExp]>([
    ['a malformed URL', async () => 'postgres//127.0.0.1/test', /AUDIT_DATABASE_URL: is not a URL; set it to postgres:\/\//],
    ['set but empty', async () => '', /AUDIT_DATABASE_URL: is set but empty; set it to postgres:\/\//],
    ['an unknown database', async () => urlForSchema(schema.schema).replace(/\/test\?/, '/audit_no_such_db?'), /AUDIT_DATABASE_URL: the database does not exist .*; create it/],
    ['an unknown role (with a password)', async () => urlForSchema(schema.schema, undefined, 'audit_no_such_role').replace('audit_no_such_role@', 'audit_no_such_role:s3cr3t-pw@'), /AUDIT_DATABASE_URL: PostgreSQL refused the login .*; put the audit role and its password in the URL/],
    [
      'a role that lacks INSERT',
      async () => {
        const { role, drop } = await createTestRole('readonly');
        drops.push(drop);
        await adminPool().query(`GRANT USAGE ON SCHEMA ${schema.schema} TO ${role}`);
        await adminPool().query(`GRANT SELECT ON ${schema.schema}.audit_records, ${schema.schema}.audit_subjects, ${schema.schema}.audit_schema_version TO ${role}`);
        return urlForSchema(schema.schema, undefined, role);
      },
      /AUDIT_DATABASE_URL: the role may not INSERT and SELECT audit_records and audit_subjects; GRANT INSERT, SELECT/,
    ],
  ])('%s: exit 1, one line naming the setting and the fix, no SQLite fall-back', async (_name, url, message) => {
    const { code, stderr } = await startGatewayWith(await url());
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gateway: AUDIT_DATABASE_URL: /);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toContain('s3cr3t-pw'); // never the password
    expect(fs.existsSync(path.join(dataDir, 'audit.sqlite'))).toBe(false);
  });
});
