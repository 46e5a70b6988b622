import fs from 'node:fs';
import path from 'node:path';
import type { AuditRetention } from '../../audit/AuditRetention';
import type { AuditStore } from '../../audit/AuditStore';
import type { AuditStoreObserver } from '../../audit/AuditStoreObserver';
import { PostgresAuditStore } from '../../audit/postgres/PostgresAuditStore';
import { SqliteAuditStore, type GroupCommitStats } from '../../audit/SqliteAuditStore';
import Database from 'better-sqlite3';
import { TEST_DATABASE_URL, adminPool, closeAdminPool, createTestSchema, type TestSchema } from '../harness/postgresTestDatabase';
import { tempDir } from './auditFixtures';

/** What the shared suites set on either store. */
export interface CommonStoreOptions {
  retention: AuditRetention | null;
  flushDelayMs: number;
  maxBatch: number;
  maxPageSize: number;
  verifyBatchSize: number;
  observer: AuditStoreObserver | null;
}

export type TestStore = AuditStore & { stats(): GroupCommitStats };

/**
 * One kind of audit store for the shared suites (`describe.each(STORES)`): every log a test
 * opens is fresh (a temporary SQLite file, or a PostgreSQL schema of its own) and removed
 * by `cleanup()` in afterEach.
 */
export interface StoreUnderTest {
  kind: 'sqlite' | 'postgres';
  /** Opens the test's log `name` (the same name again: another store on the same log). */
  open(name?: string, options?: Partial<CommonStoreOptions>): Promise<TestStore>;
  /** Closes every store opened since the last cleanup and removes their logs. */
  cleanup(): Promise<void>;
  /** Where the log `name` is: its file, or its PostgreSQL URL (for scripts). */
  where(name?: string): Promise<{ file: string } | { databaseUrl: string }>;
  /** How `scripts/audit*.ts` are pointed at the log `name`: `--file`, or AUDIT_DATABASE_URL. */
  script(name?: string): Promise<{ args: string[]; env: NodeJS.ProcessEnv }>;
  /**
   * Runs SQL on the log `name` past the store, as someone with direct access would: with
   * `bypassTriggers`, the append-only triggers do not stop it (SQLite: dropped, as with
   * the sqlite3 CLI; PostgreSQL: a superuser's `session_replication_role = replica`).
   */
  sql(name: string, statement: string, options?: { bypassTriggers?: boolean }): Promise<void>;
}

function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}

function sqliteStores(): StoreUnderTest {
  let dir: string | null = null;
  const open: SqliteAuditStore[] = [];
  const file = (name: string) => {
    dir ??= tempDir();
    return path.join(dir, `${name}.sqlite`);
  };
  return {
    kind: 'sqlite',
    async open(name = 'audit', options = {}) {
      const store = new SqliteAuditStore({ file: file(name), ...options });
      open.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(open.splice(0).map((s) => s.close()));
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
    where: async (name = 'audit') => ({ file: file(name) }),
    script: async (name = 'audit') => ({ args: ['--file', file(name)], env: {} }),
    async sql(name, statement, { bypassTriggers = false } = {}) {
      const db = new Database(file(name));
      try {
        if (bypassTriggers) {
          const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>;
          for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name}"`);
        }
        db.exec(statement);
      } catch (err) {
        // better-sqlite3's native part keeps the SqliteError class of the first test file
        // its jest worker loaded; in any later file that class is not `instanceof Error`,
        // and `rejects.toThrow` reports such a rejection as "did not throw". Rethrown here
        // as this file's Error, with the same message.
        throw new Error(messageOf(err));
      } finally {
        db.close();
      }
    },
  };
}

function postgresStores(): StoreUnderTest {
  const schemas = new Map<string, Promise<TestSchema>>();
  const open: PostgresAuditStore[] = [];
  const schema = (name: string): Promise<TestSchema> => {
    let created = schemas.get(name);
    if (!created) {
      created = createTestSchema();
      schemas.set(name, created);
    }
    return created;
  };
  return {
    kind: 'postgres',
    async open(name = 'audit', options = {}) {
      // A generous commit deadline: the machine is shared, and speed is not what these suites test.
      const store = await PostgresAuditStore.open({ url: (await schema(name)).url, commitTimeoutMs: 30_000, ...options });
      open.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(open.splice(0).map((s) => s.close()));
      const all = [...schemas.values()];
      schemas.clear();
      for (const created of all) await (await created).drop();
    },
    where: async (name = 'audit') => ({ databaseUrl: (await schema(name)).url }),
    script: async (name = 'audit') => ({ args: [], env: { AUDIT_DATABASE_URL: (await schema(name)).url } }),
    async sql(name, statement, { bypassTriggers = false } = {}) {
      const client = await adminPool().connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL search_path = ${(await schema(name)).schema}`);
        if (bypassTriggers) await client.query('SET LOCAL session_replication_role = replica');
        await client.query(statement);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set (test/globalSetup.ts prints the one line otherwise). */
export const STORES: StoreUnderTest[] = TEST_DATABASE_URL ? [sqliteStores(), postgresStores()] : [sqliteStores()];

afterAll(async () => {
  await closeAdminPool();
});
