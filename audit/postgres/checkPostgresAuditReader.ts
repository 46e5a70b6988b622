import { AuditStoreConfigError } from '../AuditStoreConfigError';
import { AUDIT_DATABASE_URL, createPostgresPool } from './postgresPool';
import { checkedAuditSchemaVersion } from './checkedAuditSchemaVersion';

/**
 * What the audit subgraph checks before it serves, so a wrong `AUDIT_DATABASE_URL` stops
 * its start with one line instead of failing the first privacy officer's query: the URL
 * reaches a database whose audit schema, once the gateway has created it, is not newer
 * than this code and may be read by the role (SELECT on both audit tables).
 */
export async function checkPostgresAuditReader(url: string, options: { connectTimeoutMs: number }): Promise<void> {
  const pool = createPostgresPool(url, { poolSize: 1, connectTimeoutMs: options.connectTimeoutMs, queryTimeoutMs: options.connectTimeoutMs * 5 });
  try {
    const { version } = await checkedAuditSchemaVersion(pool);
    // No log yet: the gateway creates it when it starts (npm start starts both at once).
    if (version === 0) return;
    const grants = await pool.query<{ readable: boolean }>(
      "SELECT has_table_privilege('audit_records', 'SELECT') AND has_table_privilege('audit_subjects', 'SELECT') AS readable",
    );
    if (!grants.rows[0]?.readable) {
      throw new AuditStoreConfigError(AUDIT_DATABASE_URL, 'the role may not SELECT audit_records and audit_subjects', 'GRANT SELECT ON audit_records, audit_subjects TO the role (audit/postgres/README.md)');
    }
  } finally {
    await pool.end();
  }
}
