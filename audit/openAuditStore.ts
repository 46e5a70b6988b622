import type { AuditRetention } from './AuditRetention';
import type { AuditReader, AuditStore } from './AuditStore';
import type { AuditStoreObserver } from './AuditStoreObserver';
import { AuditStoreConfigError } from './AuditStoreConfigError';
import { ReopeningAuditReader } from './ReopeningAuditReader';
import { SqliteAuditStore } from './SqliteAuditStore';
import { PostgresAuditReader } from './postgres/PostgresAuditReader';
import { PostgresAuditStore, POSTGRES_AUDIT_STORE_DEFAULTS } from './postgres/PostgresAuditStore';
import { AUDIT_DATABASE_URL, createPostgresPool } from './postgres/postgresPool';

/** Where the audit log lives: PostgreSQL when `AUDIT_DATABASE_URL` is set, else the SQLite file. */
export interface AuditStoreLocation {
  /** `AUDIT_DATABASE_URL`; undefined: the SQLite file. */
  databaseUrl?: string;
  /** `<DATA_DIR>/audit.sqlite` or `AUDIT_FILE`. */
  file: string;
}

/** `AUDIT_DATABASE_URL` from the environment. Set but empty is a mistake, not "use SQLite". */
export function auditDatabaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[AUDIT_DATABASE_URL];
  if (value === undefined) return undefined;
  if (value.trim() === '') {
    throw new AuditStoreConfigError(AUDIT_DATABASE_URL, 'is set but empty', 'set it to postgres://user@host:5432/database, or unset it for the SQLite file');
  }
  return value;
}

/**
 * The one place the gateway (and `audit:prune`) gets its audit store. PostgreSQL is
 * checked before anything is served: a wrong setting rejects with `AuditStoreConfigError`
 * and the gateway refuses to start; it never falls back to SQLite (two trails).
 */
export async function openAuditStore(
  location: AuditStoreLocation,
  options: { retention?: AuditRetention | null; observer?: AuditStoreObserver | null; migrate?: boolean; commitTimeoutMs?: number } = {},
): Promise<AuditStore> {
  const common = { retention: options.retention ?? null, observer: options.observer ?? null };
  // One deadline for both: how long a record may wait to be durable before its request fails closed.
  const deadline = options.commitTimeoutMs;
  if (location.databaseUrl !== undefined) {
    return PostgresAuditStore.open({
      url: location.databaseUrl,
      ...common,
      migrate: options.migrate ?? POSTGRES_AUDIT_STORE_DEFAULTS.migrate,
      ...(deadline !== undefined ? { commitTimeoutMs: deadline } : {}),
    });
  }
  return new SqliteAuditStore({ file: location.file, ...common, ...(deadline !== undefined ? { lockWaitMs: deadline } : {}) });
}

/** A reader that can be closed (the audit subgraph's). */
export interface ClosableAuditReader extends AuditReader {
  close(): void | Promise<void>;
}

/**
 * The read side only, for the audit subgraph: SQLite read-only (following the file across
 * a restore), or a PostgreSQL pool that only SELECTs.
 */
export function openAuditReader(location: AuditStoreLocation, options: { unusualAccessSubjectTypes: readonly string[] | null }): ClosableAuditReader {
  if (location.databaseUrl !== undefined) {
    const pool = createPostgresPool(location.databaseUrl, {
      poolSize: 2,
      connectTimeoutMs: POSTGRES_AUDIT_STORE_DEFAULTS.connectTimeoutMs,
      queryTimeoutMs: POSTGRES_AUDIT_STORE_DEFAULTS.queryTimeoutMs,
    });
    const reader = new PostgresAuditReader(pool, options);
    return {
      accessLog: (...args) => reader.accessLog(...args),
      verifyChain: () => reader.verifyChain(),
      unusualAccess: (...args) => reader.unusualAccess(...args),
      accessesToSubject: (subjectId) => reader.accessesToSubject(subjectId),
      close: () => pool.end(),
    };
  }
  return new ReopeningAuditReader(location.file, options);
}
