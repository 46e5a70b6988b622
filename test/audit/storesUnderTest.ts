import fs from 'node:fs';
import path from 'node:path';
import type { AuditRetention } from '../../audit/AuditRetention';
import type { AuditStore } from '../../audit/AuditStore';
import type { AuditStoreObserver } from '../../audit/AuditStoreObserver';
import { PostgresAuditStore } from '../../audit/postgres/PostgresAuditStore';
import { SqliteAuditStore, type GroupCommitStats } from '../../audit/SqliteAuditStore';
import { TEST_DATABASE_URL, closeAdminPool, createTestSchema, type TestSchema } from '../harness/postgresTestDatabase';
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
      const store = await PostgresAuditStore.open({ url: (await schema(name)).url, ...options });
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
  };
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set (test/globalSetup.ts prints the one line otherwise). */
export const STORES: StoreUnderTest[] = TEST_DATABASE_URL ? [sqliteStores(), postgresStores()] : [sqliteStores()];

afterAll(async () => {
  await closeAdminPool();
});
