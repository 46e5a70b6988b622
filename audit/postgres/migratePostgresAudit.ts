import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AuditStoreConfigError } from '../AuditStoreConfigError';
import { MIGRATION_LOCK } from './chainLock';
import { AUDIT_DATABASE_URL } from './postgresPool';

export const POSTGRES_AUDIT_MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** `NNN_name.sql`, in order; the number is the schema version the file brings the database to. */
export function postgresMigrationFiles(dir = POSTGRES_AUDIT_MIGRATIONS_DIR): string[] {
  return fs.readdirSync(dir).filter((file) => /^\d{3}_.+\.sql$/.test(file)).sort();
}

/** The schema version the database records (0: no audit schema yet). */
export async function postgresAuditSchemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = await db.query<{ table: string | null }>("SELECT to_regclass('audit_schema_version')::text AS table");
  if (exists.rows[0]?.table == null) return 0;
  const result = await db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM audit_schema_version');
  return result.rows[0]?.version ?? 0;
}

/** A database whose audit schema is newer than this code: refuse, never write rows it does not understand. */
export function newerSchemaError(version: number, known: number): AuditStoreConfigError {
  return new AuditStoreConfigError(
    AUDIT_DATABASE_URL,
    `the audit schema is at version ${version} but this gateway knows only up to ${known}`,
    'run the gateway version that migrated it (an audit database is never downgraded)',
  );
}

/**
 * Applies the pending migrations in one transaction (PostgreSQL's DDL is transactional: all
 * or nothing), under an advisory lock so two instances starting at once migrate once.
 * Runs as the schema's owner (`npm run audit:migrate`, or a gateway whose role owns it).
 * Returns the versions before and after.
 */
export async function migratePostgresAudit(pool: pg.Pool, dir = POSTGRES_AUDIT_MIGRATIONS_DIR): Promise<{ from: number; to: number }> {
  const files = postgresMigrationFiles(dir);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(MIGRATION_LOCK);
    await client.query(
      'CREATE TABLE IF NOT EXISTS audit_schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const from = await postgresAuditSchemaVersion(client);
    if (from > files.length) throw newerSchemaError(from, files.length);
    for (let index = from; index < files.length; index += 1) {
      await client.query(fs.readFileSync(path.join(dir, files[index]!), 'utf8'));
      await client.query('INSERT INTO audit_schema_version (version, name) VALUES ($1, $2)', [index + 1, files[index]!]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, files.length) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
