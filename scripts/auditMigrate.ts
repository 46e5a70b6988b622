/**
 * npm run audit:migrate
 *
 * Brings the audit log's schema up to date. PostgreSQL (AUDIT_DATABASE_URL set): run it
 * with the owner's URL, before gateways start with the audit role (audit/postgres/README.md).
 * SQLite: the store migrates its file itself; this creates or migrates
 * <DATA_DIR or ./data>/audit.sqlite (or AUDIT_FILE) now.
 *
 * Exit codes: 0 up to date; 1 refused (unreachable, no permission, schema newer than the code).
 */
import { auditFile, defaultDataDir } from '../audit/auditFile';
import { auditDatabaseUrlFromEnv } from '../audit/openAuditStore';
import { migratePostgresAudit } from '../audit/postgres/migratePostgresAudit';
import { createPostgresPool, postgresLocation } from '../audit/postgres/postgresPool';
import { POSTGRES_AUDIT_STORE_DEFAULTS } from '../audit/postgres/PostgresAuditStore';
import { SqliteAuditStore } from '../audit/SqliteAuditStore';

async function main(): Promise<number> {
  const databaseUrl = auditDatabaseUrlFromEnv();
  if (databaseUrl === undefined) {
    const file = process.env.AUDIT_FILE ?? auditFile(defaultDataDir());
    SqliteAuditStore.ensureSchema(file);
    process.stdout.write(`audit:migrate: ${file} is up to date.\n`);
    return 0;
  }
  const pool = createPostgresPool(databaseUrl, {
    poolSize: 1,
    connectTimeoutMs: POSTGRES_AUDIT_STORE_DEFAULTS.connectTimeoutMs,
    queryTimeoutMs: 60_000,
  });
  try {
    const { from, to } = await migratePostgresAudit(pool);
    process.stdout.write(
      from === to ? `audit:migrate: ${postgresLocation(databaseUrl)} is at version ${to}; nothing to do.\n` : `audit:migrate: ${postgresLocation(databaseUrl)} migrated from version ${from} to ${to}.\n`,
    );
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`audit:migrate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
