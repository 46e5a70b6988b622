import pg from 'pg';
import { migratePostgresAudit } from '../../audit/postgres/migratePostgresAudit';
import { PostgresAuditReader } from '../../audit/postgres/PostgresAuditReader';
import { createPostgresPool, withSearchPath } from '../../audit/postgres/postgresPool';

/** A migrated, empty audit schema for a bench gateway; `verifyAndDrop()` checks its chain and removes it. */
export interface BenchAuditSchema {
  url: string;
  verifyAndDrop(): Promise<{ verified: boolean; records: number }>;
}

/** Null when PostgreSQL cannot be reached (the bench then skips its PostgreSQL runs and says so). */
export async function postgresAuditSchema(databaseUrl: string, prefix: string): Promise<BenchAuditSchema | null> {
  const schema = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch {
    await admin.end().catch(() => undefined);
    return null;
  }
  const url = withSearchPath(databaseUrl, schema);
  const pool = createPostgresPool(url, { poolSize: 2, connectTimeoutMs: 5000, queryTimeoutMs: 300_000 });
  await migratePostgresAudit(pool);
  return {
    url,
    async verifyAndDrop() {
      try {
        const chain = await new PostgresAuditReader(pool).verifyChain();
        return { verified: chain.verified, records: chain.records };
      } finally {
        await pool.end();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await admin.end();
      }
    },
  };
}
