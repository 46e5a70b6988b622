import type pg from 'pg';
import { AuditStoreConfigError } from '../AuditStoreConfigError';
import { newerSchemaError, postgresAuditSchemaVersion, postgresMigrationFiles } from './migratePostgresAudit';
import { AUDIT_DATABASE_URL } from './postgresPool';
import { postgresConnectProblem } from './postgresConnectProblem';

/**
 * The audit schema's version, read as the first use of a configured URL: a failure is a
 * setting error naming `AUDIT_DATABASE_URL` and the fix, and so is a schema newer than
 * this code. Returns the version and how many migrations this code knows.
 */
export async function checkedAuditSchemaVersion(pool: pg.Pool): Promise<{ version: number; known: number }> {
  let version: number;
  try {
    version = await postgresAuditSchemaVersion(pool);
  } catch (err) {
    const { problem, fix } = postgresConnectProblem(err);
    throw new AuditStoreConfigError(AUDIT_DATABASE_URL, problem, fix, { cause: err });
  }
  const known = postgresMigrationFiles().length;
  if (version > known) throw newerSchemaError(version, known);
  return { version, known };
}
