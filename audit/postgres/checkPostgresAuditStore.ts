import type pg from 'pg';
import { AuditStoreConfigError } from '../AuditStoreConfigError';
import { AUDIT_DATABASE_URL } from './postgresPool';
import { migratePostgresAudit } from './migratePostgresAudit';
import { checkedAuditSchemaVersion } from './checkedAuditSchemaVersion';

/**
 * What the gateway checks before it serves: the URL reaches a database, the audit schema
 * is there (migrated here when `migrate` and the role may) and not newer than this code,
 * and the role may INSERT and SELECT both audit tables. Anything else is a setting error.
 */
export async function checkPostgresAuditStore(pool: pg.Pool, options: { migrate: boolean }): Promise<void> {
  const { version, known } = await checkedAuditSchemaVersion(pool);
  if (version < known) {
    if (!options.migrate) {
      throw new AuditStoreConfigError(AUDIT_DATABASE_URL, `the audit schema is at version ${version}, this gateway needs ${known}`, 'run npm run audit:migrate with the owner\'s URL');
    }
    try {
      await migratePostgresAudit(pool);
    } catch (err) {
      if (err instanceof AuditStoreConfigError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new AuditStoreConfigError(
        AUDIT_DATABASE_URL,
        `the audit schema is at version ${version} and this role cannot migrate it to ${known} (${message})`,
        "run npm run audit:migrate with the owner's URL, then start the gateway with the audit role",
        { cause: err },
      );
    }
  }
  const grants = await pool.query<{ records: boolean; subjects: boolean }>(
    `SELECT has_table_privilege('audit_records', 'INSERT') AND has_table_privilege('audit_records', 'SELECT') AS records,
            has_table_privilege('audit_subjects', 'INSERT') AND has_table_privilege('audit_subjects', 'SELECT') AS subjects`,
  );
  const row = grants.rows[0];
  if (!row?.records || !row.subjects) {
    throw new AuditStoreConfigError(
      AUDIT_DATABASE_URL,
      'the role may not INSERT and SELECT audit_records and audit_subjects',
      'GRANT INSERT, SELECT ON audit_records, audit_subjects TO the role (audit/postgres/README.md)',
    );
  }
}
